package io.hypergrid;

import io.hypergrid.cli.Cli;
import io.hypergrid.training.BlasKernels;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import io.hypergrid.config.HypergridProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableConfigurationProperties(HypergridProperties.class)
@EnableScheduling
public class HypergridApplication {
    public static void main(String[] args) {
        BlasKernels.select(); // before anything loads OpenBLAS
        if (args.length > 0 && Cli.isCommand(args[0])) {
            System.exit(Cli.run(args, System.out, System.err));
        }
        SpringApplication.run(HypergridApplication.class, args);
    }
}
