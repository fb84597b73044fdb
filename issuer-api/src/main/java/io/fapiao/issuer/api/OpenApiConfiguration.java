package io.fapiao.issuer.api;

import io.fapiao.service.problem.ProblemErrorController;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3 document's front matter (springdoc serves it at {@code /v3/api-docs}, the UI at
 * {@code /swagger-ui.html}): what the API is and how clients authenticate. OpenAPI has no scheme for
 * RFC 9421 signatures, so they are described as the {@code Signature} header with the rules in words;
 * mutual TLS is OpenAPI's own {@code mutualTLS} scheme.
 *
 * <pre>{@code
 * curl --cacert .fapiao/trust/IssuerOrgMSP.pem https://localhost:8083/v3/api-docs
 * }</pre>
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {
    static final String SIGNATURE = "httpMessageSignature";
    static final String MUTUAL_TLS = "mutualTls";

    static {
        // /error answers what no handler explained (service-common); it is no endpoint of the API.
        SpringDocUtils.getConfig().addHiddenRestControllers(ProblemErrorController.class);
    }

    @Bean
    OpenAPI issuerApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Fapiao issuer API")
                        .version("v1")
                        .description("Issue, read, download, reverse, claim and verify invoices. Every /v1 request "
                                + "except GET /v1/verify is authenticated; every error is application/problem+json "
                                + "(RFC 9457) with a stable `code`; every POST needs an Idempotency-Key. A browser cannot "
                                + "make the signature, so \"Try it out\" works for GET /v1/verify only; call the rest "
                                + "with `./fapiao call METHOD URL --as CLIENT [--data FILE]`, which signs with a "
                                + "registered client's key (docs/api.md, Authentication)."))
                .components(new Components()
                        .addSecuritySchemes(
                                SIGNATURE,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.HEADER)
                                        .name("Signature")
                                        .description(
                                                "RFC 9421 HTTP Message Signature made with the key of a registered client "
                                                        + "certificate: Signature-Input covering \"@method\", \"@target-uri\" and, for a body, "
                                                        + "\"content-digest\" (RFC 9530 sha-256); parameters created, keyid (the "
                                                        + "certificate's SHA-256 fingerprint, base64url) and nonce; alg ecdsa-p256-sha256 "
                                                        + "(r||s) or sm2-sm3."))
                        .addSecuritySchemes(
                                MUTUAL_TLS,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.MUTUALTLS)
                                        .description(
                                                "A registered client certificate presented in the TLS handshake.")))
                .addSecurityItem(new SecurityRequirement().addList(SIGNATURE))
                .addSecurityItem(new SecurityRequirement().addList(MUTUAL_TLS));
    }
}
