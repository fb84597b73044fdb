package io.fapiao.service.problem;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureBefore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Every error of a service that serves HTTP is problem+json with a code: {@link ProblemResponses} for
 * what handlers throw, {@link ProblemErrorController} for {@code /error} (before Boot's own, which
 * then stands back), {@link ContainerErrors} for what Tomcat refuses itself.
 */
@AutoConfiguration
@AutoConfigureBefore(ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication
@Import({ProblemResponses.class, ProblemErrorController.class})
public class ProblemConfiguration {

    @Bean
    @ConditionalOnClass(name = "org.apache.catalina.valves.ErrorReportValve")
    ContainerErrors containerErrors() {
        return new ContainerErrors();
    }
}
