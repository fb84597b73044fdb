package io.fapiao.service.http;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * What every service that serves HTTP shares: HTTPS unless plain HTTP is chosen by name
 * ({@link TransportSecurity}), and the request limits, applied before any other filter.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(HttpLimits.class)
public class HttpConfiguration {

    @Bean
    TransportSecurity transportSecurity(@Value("${fapiao.http.plaintext:false}") boolean plaintextAllowed) {
        return new TransportSecurity(plaintextAllowed);
    }

    @Bean
    FilterRegistrationBean<BodyLimit> bodyLimit(HttpLimits limits) {
        FilterRegistrationBean<BodyLimit> registration = new FilterRegistrationBean<>(new BodyLimit(limits));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
