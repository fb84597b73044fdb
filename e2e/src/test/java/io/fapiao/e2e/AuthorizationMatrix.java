package io.fapiao.e2e;

import io.fapiao.cli.platform.ApiClients;
import io.fapiao.cli.platform.PlatformClient;
import io.fapiao.cli.platform.PlatformLayout;
import io.fapiao.httpsig.MessageSigner;
import io.fapiao.httpsig.SigningHttpClient;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Every route of every service of a running platform, asked by every kind of caller, against what
 * docs/security.md says each may do: nobody, a forged signature, a stale one, a replayed request, an
 * unregistered key, and each of the platform's clients ({@link ApiClients}), one of them a hospital
 * that shares the platform but not the bill. {@link #check} returns every disagreement, and
 * {@link #unlisted} every route a service serves that the matrix does not list (read from Spring's
 * request mappings), so a new route cannot go untested.
 *
 * <pre>{@code
 * AuthorizationMatrix matrix = new AuthorizationMatrix(platform, billKey, invoiceNumber, () -> billJson);
 * assertThat(matrix.check()).isEmpty();
 * assertThat(matrix.unlisted()).isEmpty();
 * }</pre>
 */
final class AuthorizationMatrix {
    /** Answered by the handler rather than refused on the way: anything but 401 and 403. */
    private static final Outcome REACHED = new Outcome(0, null);

    private static final String ANYONE = "*";
    private static final List<String> SERVICES =
            List.of(PlatformLayout.HIS_ADAPTER, PlatformLayout.FINANCE_VERIFIER, PlatformLayout.ISSUER_API);

    /** What a caller is answered: a status and problem code, or {@link #REACHED}. */
    record Outcome(int status, String code) {
        static Outcome refused(int status, String code) {
            return new Outcome(status, code);
        }

        boolean matches(HttpResponse<byte[]> response) {
            if (this == REACHED) {
                return response.statusCode() != 401 && response.statusCode() != 403;
            }
            return response.statusCode() == status && code.equals(codeOf(response));
        }

        @Override
        public String toString() {
            return this == REACHED ? "reached the handler" : status + " " + code;
        }
    }

    /**
     * One route.
     *
     * @param service   the service serving it
     * @param method    its method
     * @param pattern   its pattern as Spring maps it
     * @param path      a concrete path to ask
     * @param body      the body to send (null: none), fresh for each request
     * @param allowed   who reaches the handler ({@link #ANYONE} for a public route), by client name
     * @param scoped    clients that hold the role but not the object, and what they get instead
     */
    record Route(
            String service,
            String method,
            String pattern,
            String path,
            Supplier<byte[]> body,
            Set<String> allowed,
            Map<String, Outcome> scoped) {

        boolean isPublic() {
            return allowed.contains(ANYONE);
        }

        @Override
        public String toString() {
            return service + " " + method + " " + path;
        }
    }

    private final PlatformClient platform;
    private final Map<String, Map<String, List<String>>> rolesByClient = new LinkedHashMap<>();
    private final List<Route> routes = new ArrayList<>();
    private final Identity stranger;

    AuthorizationMatrix(
            PlatformClient platform,
            List<ApiClients.Client> clients,
            String billKey,
            String invoiceNumber,
            Supplier<byte[]> hospitalBill) {
        this.platform = platform;
        for (ApiClients.Client client : clients) {
            rolesByClient.put(client.name(), client.roles());
        }
        CertificateAuthority elsewhere = CertificateAuthority.create(
                CryptoSuite.INTL,
                "Elsewhere",
                "ca.elsewhere",
                Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)));
        this.stranger = elsewhere.issue(IdentityProfile.named("stranger").withUnit("client"));
        String his = PlatformLayout.HIS_ADAPTER;
        String verifier = PlatformLayout.FINANCE_VERIFIER;
        String issuer = PlatformLayout.ISSUER_API;
        String unknownNumber = "99999926-9999999999";
        Supplier<byte[]> none = () -> null;
        Supplier<byte[]> reversal = () -> json("{\"reasonCode\":\"BILLING_ERROR\"}");
        Supplier<byte[]> claim = () -> json("{\"claimId\":\"matrix-" + UUID.randomUUID() + "\"}");
        Outcome hidden = Outcome.refused(404, "NOT_FOUND");

        route(
                his,
                "POST",
                "/v1/bills",
                "/v1/bills",
                hospitalBill,
                Set.of(ApiClients.HIS),
                Map.of(ApiClients.CLINIC_HIS, Outcome.refused(403, "SUBMITTER_NOT_ALLOWED")));
        route(
                his,
                "GET",
                "/v1/bills/{billKey}",
                "/v1/bills/" + billKey,
                none,
                Set.of(ApiClients.HIS),
                Map.of(ApiClients.CLINIC_HIS, hidden));
        route(his, "POST", "/v1/admin/reconcile", "/v1/admin/reconcile", none, Set.of(ApiClients.OPERATOR), Map.of());

        route(verifier, "GET", "/v1/verdicts", "/v1/verdicts?limit=1", none, Set.of(ApiClients.OPERATOR), Map.of());
        route(
                verifier,
                "GET",
                "/v1/verdicts/{billKey}",
                "/v1/verdicts/" + billKey,
                none,
                Set.of(ApiClients.OPERATOR),
                Map.of());
        route(
                verifier,
                "GET",
                "/v1/provenance/{key}",
                "/v1/provenance/" + invoiceNumber,
                none,
                Set.of(ApiClients.AUDITOR, ApiClients.HIS),
                Map.of(ApiClients.CLINIC_HIS, hidden));
        route(
                verifier,
                "GET",
                "/v1/provenance/{key}/proof",
                "/v1/provenance/" + billKey + "/proof",
                none,
                Set.of(ApiClients.AUDITOR, ApiClients.HIS),
                Map.of(ApiClients.CLINIC_HIS, hidden));
        route(
                verifier,
                "POST",
                "/v1/admin/reconcile",
                "/v1/admin/reconcile",
                none,
                Set.of(ApiClients.OPERATOR),
                Map.of());

        route(
                issuer,
                "GET",
                "/v1/verify",
                "/v1/verify?number=" + unknownNumber + "&checkCode=00000000",
                none,
                Set.of(ANYONE),
                Map.of());
        route(
                issuer,
                "POST",
                "/v1/invoices",
                "/v1/invoices",
                () -> json("{\"billKey\":\"" + billKey.substring(0, billKey.indexOf(':')) + ":MATRIX-NO-SUCH\"}"),
                Set.of(ApiClients.DESK),
                Map.of());
        route(
                issuer,
                "GET",
                "/v1/invoices/{number}",
                "/v1/invoices/" + invoiceNumber,
                none,
                Set.of(ApiClients.DESK, ApiClients.INSURER),
                Map.of(ApiClients.ERP, Outcome.refused(404, "INVOICE_NOT_FOUND")));
        route(
                issuer,
                "GET",
                "/v1/invoices/{number}/document",
                "/v1/invoices/" + invoiceNumber + "/document",
                none,
                Set.of(ApiClients.DESK, ApiClients.INSURER),
                Map.of(ApiClients.ERP, Outcome.refused(404, "INVOICE_NOT_FOUND")));
        route(
                issuer,
                "POST",
                "/v1/invoices/{number}/reversal",
                "/v1/invoices/" + unknownNumber + "/reversal",
                reversal,
                Set.of(ApiClients.DESK),
                Map.of());
        route(
                issuer,
                "POST",
                "/v1/invoices/{number}/claims",
                "/v1/invoices/" + unknownNumber + "/claims",
                claim,
                Set.of(ApiClients.INSURER),
                Map.of());
        route(
                issuer,
                "GET",
                "/v1/requests/{billKey}",
                "/v1/requests/" + billKey,
                none,
                Set.of(ApiClients.DESK),
                Map.of(ApiClients.ERP, Outcome.refused(403, "SELLER_MISMATCH")));
        route(
                issuer,
                "POST",
                "/v1/admin/reconcile",
                "/v1/admin/reconcile",
                none,
                Set.of(ApiClients.OPERATOR, ApiClients.DESK),
                Map.of());
        route(
                issuer,
                "GET",
                "/v1/numbering/report",
                "/v1/numbering/report?period=2026",
                none,
                Set.of(ApiClients.OPERATOR, ApiClients.DESK),
                Map.of());
        for (String pattern :
                List.of("/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/swagger-config", "/swagger-ui.html")) {
            route(issuer, "GET", pattern, pattern, none, Set.of(ANYONE), Map.of());
        }

        for (String service : SERVICES) {
            route(service, "GET", "/actuator/health", "/actuator/health", none, Set.of(ANYONE), Map.of());
            route(service, "GET", "/actuator/health/**", "/actuator/health/liveness", none, Set.of(ANYONE), Map.of());
            route(service, "GET", "/actuator", "/actuator", none, Set.of(ApiClients.OPERATOR), Map.of());
            route(
                    service,
                    "GET",
                    "/actuator/metrics",
                    "/actuator/metrics",
                    none,
                    Set.of(ApiClients.OPERATOR),
                    Map.of());
            route(
                    service,
                    "GET",
                    "/actuator/metrics/{requiredMetricName}",
                    "/actuator/metrics/jvm.memory.used",
                    none,
                    Set.of(ApiClients.OPERATOR),
                    Map.of());
            route(
                    service,
                    "GET",
                    "/actuator/mappings",
                    "/actuator/mappings",
                    none,
                    Set.of(ApiClients.OPERATOR),
                    Map.of());
            // The container's error page, reached only by the server's own error dispatch: asked directly, nobody.
            route(service, "*", "/error", "/error", none, Set.of(), Map.of());
        }
    }

    private void route(
            String service,
            String method,
            String pattern,
            String path,
            Supplier<byte[]> body,
            Set<String> allowed,
            Map<String, Outcome> scoped) {
        routes.add(new Route(service, method, pattern, path, body, allowed, scoped));
    }

    /** Every request that was not answered as the matrix says, one line each; empty when all were. */
    List<String> check() throws Exception {
        List<String> wrong = new ArrayList<>();
        SigningHttpClient operator = platform.as(ApiClients.OPERATOR);
        MessageSigner operatorSigner = operator.signer();
        HttpClient http = platform.http();
        Map<String, SigningHttpClient> anomalies = new LinkedHashMap<>();
        // A key nobody registered; the operator's key id over another key; the operator's key ten minutes ago.
        anomalies.put("an unregistered key", new SigningHttpClient(http, SigningHttpClient.signer(stranger)));
        anomalies.put(
                "a forged signature",
                new SigningHttpClient(
                        http,
                        new MessageSigner(
                                stranger.signer(),
                                operatorSigner.keyId(),
                                "sig1",
                                Duration.ofMinutes(5),
                                List.of("content-type", "idempotency-key"),
                                Clock.systemUTC())));
        anomalies.put(
                "a stale signature",
                new SigningHttpClient(
                        http, operatorSigner.withClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10)))));
        Map<String, Outcome> anomalyOutcomes = Map.of(
                "an unregistered key",
                Outcome.refused(401, "UNKNOWN_KEY"),
                "a forged signature",
                Outcome.refused(401, "SIGNATURE_INVALID"),
                "a stale signature",
                Outcome.refused(401, "SIGNATURE_EXPIRED"));
        for (Route route : routes) {
            String method = route.method().equals("*") ? "GET" : route.method();
            URI uri = URI.create(platform.layout().url(route.service()) + route.path());
            byte[] body = route.body().get();
            HttpResponse<byte[]> anonymous = platform.send(method, uri, content(body), headers(body));
            expect(
                    wrong,
                    route,
                    "nobody",
                    route.isPublic() ? REACHED : Outcome.refused(401, "SIGNATURE_MISSING"),
                    anonymous);
            if (route.isPublic()) {
                continue; // what a signature says does not matter where none is needed
            }
            for (Map.Entry<String, SigningHttpClient> anomaly : anomalies.entrySet()) {
                byte[] own = fresh(route, body);
                expect(
                        wrong,
                        route,
                        anomaly.getKey(),
                        anomalyOutcomes.get(anomaly.getKey()),
                        anomaly.getValue().send(method, uri, headers(own), content(own)));
            }
            // The same signed request twice: the second is a replay whatever the first was answered.
            byte[] once = fresh(route, body);
            Map<String, String> signed = operator.signedHeaders(method, uri, headers(once), content(once));
            platform.send(method, uri, content(once), signed);
            expect(
                    wrong,
                    route,
                    "a replayed request",
                    Outcome.refused(401, "SIGNATURE_REPLAYED"),
                    platform.send(method, uri, content(once), signed));

            for (String client : rolesByClient.keySet()) {
                byte[] own = fresh(route, body);
                expect(
                        wrong,
                        route,
                        client,
                        expected(route, client),
                        platform.as(client).send(method, uri, headers(own), content(own)));
            }
        }
        return wrong;
    }

    /**
     * The routes the services serve that the matrix does not list: {@code method pattern} per service,
     * from each service's request mappings ({@code /actuator/mappings}, asked as the operator).
     */
    List<String> unlisted() throws Exception {
        List<String> missing = new ArrayList<>();
        for (String service : SERVICES) {
            Set<String> listed = new LinkedHashSet<>();
            routes.stream()
                    .filter(r -> r.service().equals(service))
                    .forEach(r -> listed.add(r.method() + " " + r.pattern()));
            HttpResponse<byte[]> answer = platform.as(ApiClients.OPERATOR)
                    .get(URI.create(platform.layout().url(service) + "/actuator/mappings"));
            if (answer.statusCode() != 200) {
                missing.add(service + ": cannot read its mappings: HTTP " + answer.statusCode());
                continue;
            }
            for (String route : served(PlatformClient.json(answer.body()))) {
                String any = "* " + route.substring(route.indexOf(' ') + 1);
                if (!listed.contains(route) && !listed.contains(any)) {
                    missing.add(service + " " + route);
                }
            }
        }
        return missing;
    }

    /** {@code METHOD pattern} of every handler mapping ({@code *} for a mapping of every method). */
    private static Set<String> served(JsonNode mappings) {
        Set<String> served = new LinkedHashSet<>();
        for (JsonNode context : mappings.path("contexts")) {
            for (JsonNode servlet : context.path("mappings").path("dispatcherServlets")) {
                for (JsonNode mapping : servlet) {
                    JsonNode conditions = mapping.path("details").path("requestMappingConditions");
                    if (conditions.isMissingNode() || conditions.isNull()) {
                        continue; // static resources and the like: no handler of ours
                    }
                    List<String> methods = new ArrayList<>();
                    conditions.path("methods").forEach(m -> methods.add(m.stringValue()));
                    if (methods.isEmpty()) {
                        methods.add("*");
                    }
                    for (JsonNode pattern : conditions.path("patterns")) {
                        methods.forEach(m -> served.add(m + " " + pattern.stringValue()));
                    }
                }
            }
        }
        return served;
    }

    private Outcome expected(Route route, String client) {
        List<String> roles = rolesByClient.get(client).get(route.service());
        if (roles == null) {
            return Outcome.refused(401, "UNKNOWN_KEY");
        }
        if (route.allowed().contains(client)) {
            return REACHED;
        }
        return route.scoped().getOrDefault(client, Outcome.refused(403, "ROLE_REQUIRED"));
    }

    private static void expect(
            List<String> wrong, Route route, String caller, Outcome outcome, HttpResponse<byte[]> response) {
        if (!outcome.matches(response)) {
            wrong.add(route + " as " + caller + ": expected " + outcome + ", got " + response.statusCode() + " "
                    + codeOf(response));
        }
    }

    /** A new body for each request where the route needs one (a bill is submitted once). */
    private static byte[] fresh(Route route, byte[] first) {
        return first == null ? null : route.body().get();
    }

    private static byte[] content(byte[] body) {
        return body == null ? new byte[0] : body;
    }

    private static Map<String, String> headers(byte[] body) {
        return body == null
                ? Map.of()
                : Map.of(
                        "Content-Type",
                        "application/json",
                        "Idempotency-Key",
                        UUID.randomUUID().toString());
    }

    private static String codeOf(HttpResponse<byte[]> response) {
        try {
            JsonNode code = PlatformClient.json(response.body()).get("code");
            return code == null ? null : code.stringValue();
        } catch (Exception e) {
            return null;
        }
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
