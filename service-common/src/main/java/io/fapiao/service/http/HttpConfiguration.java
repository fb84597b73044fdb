package io.fapiao.service.http;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/** The request limits of every service that serves HTTP, applied before any other filter. */
@AutoConfiguration
@ConditionalOnWebApplication
@EnableConfigurationProperties(HttpLimits.class)
public class HttpConfiguration {

    @Bean
    FilterRegistrationBean<BodyLimit> bodyLimit(HttpLimits limits) {
        FilterRegistrationBean<BodyLimit> registration = new FilterRegistrationBean<>(new BodyLimit(limits));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
