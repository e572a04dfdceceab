package io.cryptoassets.worker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdminArgumentsTest {

    @Test
    void takesPropertiesBeforeAndAfterTheCommand() {
        AdminArguments args = AdminArguments.split(new String[] {
                "--spring.datasource.url=jdbc:postgresql://db:5432/ledger?ssl=true&a=b", "broadcasts", "resolve", "42",
                "--asset", "BTC", "--cryptoassets.assets[0].code=BTC", "--txid=ab.cd", "--spring.datasource.password="});

        assertThat(args.springProperties()).containsExactly(
                "--spring.datasource.url=jdbc:postgresql://db:5432/ledger?ssl=true&a=b",
                "--cryptoassets.assets[0].code=BTC",
                "--spring.datasource.password=");
        assertThat(args.command()).containsExactly("broadcasts", "resolve", "42", "--asset", "BTC", "--txid=ab.cd");
        assertThat(args.firstWord()).isEqualTo("broadcasts");
        assertThat(AdminCli.isAdminCommand(args)).isTrue();
    }

    @Test
    void everyCommandIsAnAdminCommandNotAWorker() {
        for (String command : new String[] {"audit", "reserves", "broadcasts", "withdrawals", "cold-wallet", "rescan",
                "migrate", "demo"}) {
            assertThat(AdminCli.isAdminCommand(AdminArguments.split(new String[] {command, "--asset", "BTC"})))
                    .as(command).isTrue();
        }
    }

    @Test
    void commandOptionsWithoutADotStayWithTheCommand() {
        AdminArguments args = AdminArguments.split(new String[] {"rescan", "--asset=BTC", "--from-start", "--limit=5"});

        assertThat(args.springProperties()).isEmpty();
        assertThat(args.command()).containsExactly("rescan", "--asset=BTC", "--from-start", "--limit=5");
    }

    @Test
    void everythingAfterDoubleDashBelongsToTheCommand() {
        AdminArguments args = AdminArguments.split(new String[] {"--a.b=c", "audit", "--", "--x.y=z"});

        assertThat(args.springProperties()).containsExactly("--a.b=c");
        assertThat(args.command()).containsExactly("audit", "--", "--x.y=z");
    }

    @Test
    void onlyPropertiesMeanTheWorker() {
        AdminArguments args = AdminArguments.split(new String[] {"--spring.datasource.url=jdbc:postgresql://db/x",
                "--cryptoassets.requests.concurrency=2"});

        assertThat(args.command()).isEmpty();
        assertThat(AdminCli.isAdminCommand(args)).isFalse();
        assertThat(AdminCli.isAdminCommand(AdminArguments.split(new String[0]))).isFalse();
    }

    @Test
    void aPropertyWithoutValueSyntaxIsNotTaken() {
        // "--spring.profiles.active dev" (space form) is not a property here: picocli reports it.
        AdminArguments args = AdminArguments.split(new String[] {"audit", "--spring.profiles.active", "dev"});

        assertThat(args.springProperties()).isEmpty();
        assertThat(args.command()).containsExactly("audit", "--spring.profiles.active", "dev");
    }
}
