package io.cryptoassets.worker.health;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.Yaml;

/** The deployment files of {@code infra/}, read as data for the tests that hold them to the worker. */
final class DeploymentFiles {

    private DeploymentFiles() {
    }

    static Path repositoryRoot() {
        return Path.of(System.getProperty("cryptoassets.test.repository-root", ".."));
    }

    static String read(String relative) {
        try {
            return Files.readString(repositoryRoot().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a YAML file. */
    static List<Map<String, Object>> yamlDocuments(String relative) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(read(relative))) {
            if (document != null) {
                documents.add(map(document));
            }
        }
        return documents;
    }

    /** The one document of {@code kind} in a YAML file. */
    static Map<String, Object> kind(String relative, String kind) {
        return yamlDocuments(relative).stream().filter(d -> kind.equals(d.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in " + relative));
    }

    /** The value at a path of keys (and list indexes) in nested YAML maps and lists. */
    static Object at(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            Objects.requireNonNull(current, () -> "nothing at " + List.of(path));
            current = step instanceof Integer index ? ((List<?>) current).get(index) : ((Map<?, ?>) current).get(step);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node) {
        return (List<Object>) node;
    }

    /** The Deployment's worker container. */
    static Map<String, Object> workerContainer() {
        Map<String, Object> deployment = kind("infra/kubernetes/deployment.yaml", "Deployment");
        return list(at(deployment, "spec", "template", "spec", "containers")).stream().map(DeploymentFiles::map)
                .filter(c -> "worker".equals(c.get("name"))).findFirst().orElseThrow();
    }
}
