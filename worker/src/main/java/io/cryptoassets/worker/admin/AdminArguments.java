package io.cryptoassets.worker.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An admin command line split into Spring properties ({@code --spring.datasource.url=...},
 * {@code --cryptoassets.assets[0].code=...}), which configure the command's context exactly as
 * they configure the worker, and the command's own words and options, which go to picocli.
 * Properties may stand before or after the command. A property is told from a command option
 * by the dot in its name: no command option has one. Everything after {@code --} belongs to
 * the command.
 */
public record AdminArguments(List<String> springProperties, List<String> command) {

    // --key=value whose key has a dot, as every property the worker reads does.
    private static final Pattern PROPERTY = Pattern.compile("--[^=\\s]+\\.[^=\\s]*=.*", Pattern.DOTALL);

    public AdminArguments {
        springProperties = List.copyOf(springProperties);
        command = List.copyOf(command);
    }

    public static AdminArguments split(String[] args) {
        List<String> properties = new ArrayList<>();
        List<String> command = new ArrayList<>();
        boolean onlyCommand = false;
        for (String arg : args) {
            if (onlyCommand) {
                command.add(arg);
            } else if (PROPERTY.matcher(arg).matches()) {
                properties.add(arg);
            } else {
                onlyCommand = arg.equals("--");
                command.add(arg);
            }
        }
        return new AdminArguments(properties, command);
    }

    /** The first word of the command, or an empty string when only properties were given. */
    public String firstWord() {
        return command.isEmpty() ? "" : command.get(0);
    }

    public String[] springPropertiesArray() {
        return springProperties.toArray(String[]::new);
    }

    public String[] commandArray() {
        return command.toArray(String[]::new);
    }
}
