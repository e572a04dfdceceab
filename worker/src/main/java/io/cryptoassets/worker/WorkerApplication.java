package io.cryptoassets.worker;

import io.cryptoassets.worker.lifecycle.GracefulTermination;
import org.springframework.boot.SpringApplication;
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
        GracefulTermination termination = GracefulTermination.install();
        var context = SpringApplication.run(WorkerApplication.class, args);
        termination.awaitSignal();
        System.exit(SpringApplication.exit(context));
    }
}
