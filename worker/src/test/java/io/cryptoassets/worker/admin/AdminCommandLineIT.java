package io.cryptoassets.worker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.worker.testsupport.LongTest;
import io.cryptoassets.worker.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An admin command as its own process, configured only by {@code --key=value} properties on
 * its command line (no environment, no application.yml of its own), placed before or after
 * the command: it must work on the database and the asset they name.
 */
@LongTest
class AdminCommandLineIT {

    @Test
    void auditTakesPropertiesAfterTheCommand() throws Exception {
        try (TestDatabase.Scratch scratch = TestDatabase.get().scratch("admin_after")) {
            List<String> args = new ArrayList<>(List.of("audit"));
            args.addAll(properties(scratch));

            CommandProcess.Run run = CommandProcess.run(args);

            assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isZero();
            assertThat(run.output()).contains("ARGS").contains("audit passed");
            assertThat(schemaExists(scratch, "args_ledger")).as("asset schema migrated in the named database").isTrue();
        }
    }

    @Test
    void auditTakesPropertiesBeforeTheCommand() throws Exception {
        try (TestDatabase.Scratch scratch = TestDatabase.get().scratch("admin_before")) {
            List<String> args = new ArrayList<>(properties(scratch));
            // Said if a web server started: a command must not open the management port.
            args.add("--logging.level.org.springframework.boot.tomcat=INFO");
            args.add("audit");

            CommandProcess.Run run = CommandProcess.run(args);

            assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isZero();
            assertThat(run.output()).contains("ARGS").contains("audit passed").doesNotContain("Tomcat");
            assertThat(schemaExists(scratch, "args_ledger")).as("asset schema migrated in the named database").isTrue();
        }
    }

    @Test
    void aCommandOptionIsStillCheckedAmongProperties() throws Exception {
        try (TestDatabase.Scratch scratch = TestDatabase.get().scratch("admin_usage")) {
            List<String> args = new ArrayList<>(properties(scratch));
            args.addAll(List.of("audit", "--no-such-option"));

            CommandProcess.Run run = CommandProcess.run(args);

            assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.output()).contains("--no-such-option");
        }
    }

    @Test
    void aSettingThatCannotBeBoundIsABadConfigurationInOneLine() throws Exception {
        try (TestDatabase.Scratch scratch = TestDatabase.get().scratch("admin_config")) {
            // An asset list given as options replaces the configured one whole: this asset has no code.
            List<String> args = new ArrayList<>(List.of("audit", "--spring.datasource.url=" + scratch.jdbcUrl(),
                    "--cryptoassets.assets[0].node.type=simulated"));

            CommandProcess.Run run = CommandProcess.run(args);

            assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.output()).contains("bad configuration: ").contains("asset code 'null'")
                    .doesNotContain("\tat org.springframework");
        }
    }

    @Test
    void withdrawalsRunsAsACommandAndRefusesWhatItCannotCancel() throws Exception {
        try (TestDatabase.Scratch scratch = TestDatabase.get().scratch("admin_withdrawals")) {
            List<String> list = new ArrayList<>(List.of("withdrawals", "list", "--state", "pending"));
            list.addAll(properties(scratch));
            List<String> cancel = new ArrayList<>(properties(scratch));
            cancel.addAll(List.of("withdrawals", "cancel", "42", "--asset", "ARGS", "--reason", "customer asked"));

            CommandProcess.Run listed = CommandProcess.run(list);
            CommandProcess.Run refused = CommandProcess.run(cancel);

            assertThat(listed.exitCode()).as("exit code; output:%n%s", listed.output()).isZero();
            assertThat(listed.output()).contains("No pending ARGS withdrawals.");
            assertThat(refused.exitCode()).as("exit code; output:%n%s", refused.output()).isEqualTo(ExitCodes.REFUSED);
            assertThat(refused.output()).contains("refused: UNKNOWN_WITHDRAWAL: ARGS has no withdrawal 42");
        }
    }

    /**
     * The deployment without owner credentials in the workers: a worker (here an admin command,
     * which starts the same way) told not to migrate refuses a database that is not migrated,
     * 'migrate' run as the owner brings it to this build's version and grants the runtime role,
     * and the same worker then starts on it.
     */
    @Test
    void migrateAsTheOwnerThenWorkAsTheRuntimeRoleWithoutMigrating() throws Exception {
        try (TestDatabase.Scratch scratch = TestDatabase.get().scratch("admin_migrate")) {
            List<String> runtime = new ArrayList<>(List.of(
                    "--spring.datasource.url=" + scratch.jdbcUrl(),
                    "--spring.datasource.username=" + TestDatabase.RUNTIME_ROLE,
                    "--spring.datasource.password=" + TestDatabase.ROLE_PASSWORD,
                    "--cryptoassets.database.migrate-on-start=false",
                    "--cryptoassets.shared-schema=args_shared",
                    "--cryptoassets.assets[0].code=ARGS",
                    "--cryptoassets.assets[0].schema=args_ledger"));

            CommandProcess.Run refused = CommandProcess.run(concat(List.of("audit"), runtime));

            assertThat(refused.exitCode()).as("exit code; output:%n%s", refused.output()).isEqualTo(ExitCodes.REFUSED);
            assertThat(refused.output()).contains("refused: schema args_shared is not at this build's version")
                    .contains("java -jar worker.jar migrate").doesNotContain("\tat org.springframework");
            assertThat(schemaExists(scratch, "args_shared")).as("nothing created by a worker told not to migrate").isFalse();

            CommandProcess.Run migrated = CommandProcess.run(List.of("migrate",
                    "--spring.datasource.url=" + scratch.jdbcUrl(),
                    "--spring.datasource.username=" + TestDatabase.OWNER_ROLE,
                    "--spring.datasource.password=" + TestDatabase.ROLE_PASSWORD,
                    "--cryptoassets.database.runtime-role=" + TestDatabase.RUNTIME_ROLE,
                    // what the workers are told must not stop the migration
                    "--cryptoassets.database.migrate-on-start=false",
                    "--cryptoassets.shared-schema=args_shared",
                    "--cryptoassets.assets[0].code=ARGS",
                    "--cryptoassets.assets[0].schema=args_ledger"));

            assertThat(migrated.exitCode()).as("exit code; output:%n%s", migrated.output()).isZero();
            assertThat(migrated.output()).contains("schema args_shared: ").contains("asset ARGS in schema args_ledger: ")
                    .contains("runtime role " + TestDatabase.RUNTIME_ROLE + " granted").contains("migrated");

            CommandProcess.Run audited = CommandProcess.run(concat(List.of("audit"), runtime));

            assertThat(audited.exitCode()).as("exit code; output:%n%s", audited.output()).isZero();
            assertThat(audited.output()).contains("audit passed");
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static List<String> properties(TestDatabase.Scratch scratch) {
        TestDatabase database = TestDatabase.get();
        return List.of(
                "--spring.datasource.url=" + scratch.jdbcUrl(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--cryptoassets.shared-schema=args_shared",
                "--cryptoassets.assets[0].code=ARGS",
                "--cryptoassets.assets[0].schema=args_ledger");
    }

    private static boolean schemaExists(TestDatabase.Scratch scratch, String schema) throws SQLException {
        TestDatabase database = TestDatabase.get();
        try (Connection connection = DriverManager.getConnection(scratch.jdbcUrl(), database.user(), database.password());
             var statement = connection.prepareStatement("SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
            statement.setString(1, schema);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }
}
