package io.fapiao.service.http;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much of a request a service reads, for every caller and endpoint alike.
 *
 * <pre>{@code
 * fapiao.http.max-body-bytes=1048576
 * }</pre>
 *
 * @param maxBodyBytes the longest request body read; a longer one is refused as it arrives
 */
@ConfigurationProperties("fapiao.http")
public record HttpLimits(@DefaultValue("1048576") long maxBodyBytes) {
    public HttpLimits {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("fapiao.http.max-body-bytes must be positive, not " + maxBodyBytes);
        }
    }
}
