package io.cryptoassets.worker;

import io.cryptoassets.worker.lifecycle.GracefulTermination;
import io.cryptoassets.worker.admin.AdminArguments;
import io.cryptoassets.worker.admin.AdminCli;
import io.cryptoassets.worker.admin.AdminContext;
import io.cryptoassets.worker.admin.ProducerOnlyContext;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The ledger worker. Started without arguments it migrates the database, connects to Kafka
 * and processes requests until it receives SIGTERM or SIGINT, then drains and exits 0.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WorkerApplication {

    public static void main(String[] args) {
        AdminArguments adminArguments = AdminArguments.split(args);
        if (AdminCli.isAdminCommand(adminArguments)) {
            System.exit(runAdminCommand(adminArguments));
        }
        GracefulTermination termination = GracefulTermination.install();
        var context = SpringApplication.run(WorkerApplication.class, args);
        termination.awaitSignal();
        System.exit(SpringApplication.exit(context));
    }

    /**
     * An operator command: a context without the request listener, the relay or the chain
     * scheduler (for {@code notify}, only Kafka and the asset list), quiet unless something goes wrong. Configuration comes from the same places as
     * the worker's (application.yml beside the jar, SPRING_* and CRYPTOASSETS_* variables, and
     * --key=value properties before or after the command).
     */
    private static int runAdminCommand(AdminArguments args) {
        List<ConfigurableApplicationContext> started = new ArrayList<>();
        Map<String, Object> admin = new HashMap<>(Map.of(
                "cryptoassets.requests.auto-startup", "false",
                "cryptoassets.relay.enabled", "false",
                "cryptoassets.chain.enabled", "false",
                "spring.kafka.admin.auto-create", "false"));
        if ("migrate".equals(args.firstWord())) {
            // Whatever the workers are told: migrating is this command's whole point.
            admin.put("cryptoassets.database.migrate-on-start", "true");
        }
        AdminContext context = AdminCli.lazily(() -> {
            Class<?> source = AdminCli.needsOnlyKafka(args) ? ProducerOnlyContext.class : WorkerApplication.class;
            ConfigurableApplicationContext c = new SpringApplicationBuilder(source)
                    .web(WebApplicationType.NONE)
                    .logStartupInfo(false)
                    .initializers(app -> app.getEnvironment().getPropertySources().addFirst(new MapPropertySource("admin", admin)))
                    // Logging is set up before initializers run, so its levels go in as defaults.
                    // The command reports a failed start itself, in one line.
                    .properties(Map.of("logging.level.root", "WARN",
                            "logging.level.org.springframework.boot.SpringApplication", "OFF",
                            "logging.level.org.springframework.context.annotation", "ERROR",
                            // A broker that is away is reported once, by the command, not per retry.
                            "logging.level.org.apache.kafka", "ERROR"))
                    .run(args.springPropertiesArray());
            started.add(c);
            return c;
        });
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        try {
            return AdminCli.run(args.commandArray(), context, out, err);
        } finally {
            started.forEach(ConfigurableApplicationContext::close);
        }
    }
}
