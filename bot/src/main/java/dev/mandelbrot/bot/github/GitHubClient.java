package dev.mandelbrot.bot.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mandelbrot.bot.BotError;
import dev.mandelbrot.bot.BotError.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The GitHub Actions REST calls the bot makes, over {@link HttpClient} and Jackson. Failures
 * leave as {@link BotError}s; the token is sent only in the Authorization header and never
 * appears in an error message.
 */
public final class GitHubClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final String baseUrl;
    private final Optional<String> token;
    private final Duration timeout;

    /** {@code baseUrl} is {@code https://api.github.com} or a stand-in; {@code token} may be empty for public repositories. */
    public GitHubClient(String baseUrl, Optional<String> token, Duration timeout) {
        // HTTP/1.1: GitHub serves it everywhere, and cleartext stand-ins choke on the h2c upgrade.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        this.baseUrl = baseUrl;
        this.token = token;
        this.timeout = timeout;
    }

    /** Recent runs of {@code workflow} (a file name such as ci.yml), newest first, optionally on one branch or commit. */
    public List<WorkflowRun> runs(String repository, String workflow, Optional<String> branch,
            Optional<String> headSha, int limit) {
        Map<String, String> query = new LinkedHashMap<>();
        branch.ifPresent(b -> query.put("branch", b));
        headSha.ifPresent(s -> query.put("head_sha", s));
        query.put("per_page", Integer.toString(limit));
        String path = "/repos/" + repository + "/actions/workflows/" + encode(workflow) + "/runs?"
                + query.entrySet().stream().map(e -> e.getKey() + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        JsonNode body = call("GET", path, "workflow " + workflow + " in " + repository);
        List<WorkflowRun> runs = new ArrayList<>();
        for (JsonNode r : body.path("workflow_runs")) {
            runs.add(new WorkflowRun(r.path("id").asLong(), r.path("run_number").asLong(), r.path("name").asText(""),
                    r.path("head_branch").asText(""), r.path("head_sha").asText(""), r.path("status").asText(""),
                    r.path("conclusion").asText(""), parseInstant(r.path("created_at").asText("")), r.path("html_url").asText("")));
        }
        return runs;
    }

    /** Re-runs every job of run {@code runId}. */
    public void rerun(String repository, long runId) {
        call("POST", "/repos/" + repository + "/actions/runs/" + runId + "/rerun", "run " + runId + " in " + repository);
    }

    private JsonNode call(String method, String path, String what) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "mandelbot");
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        b.method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new BotError(Kind.TIMEOUT, "GitHub: timed out reading " + what);
        } catch (IOException e) {
            throw new BotError(Kind.UNAVAILABLE, "GitHub unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BotError(Kind.TIMEOUT, "GitHub: interrupted");
        }
        int code = response.statusCode();
        if (code >= 200 && code < 300) {
            try {
                return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            } catch (IOException e) {
                throw new BotError(Kind.UNAVAILABLE, "GitHub: unreadable answer for " + what);
            }
        }
        throw error(code, response, what);
    }

    private static BotError error(int code, HttpResponse<String> response, String what) {
        boolean rateLimited = code == 429 || (code == 403
                && (response.headers().firstValue("x-ratelimit-remaining").orElse("").equals("0")
                        || response.headers().firstValue("retry-after").isPresent()));
        if (rateLimited) {
            return new BotError(Kind.THROTTLED, "GitHub: rate limited, try again in a minute");
        }
        return switch (code) {
            case 401 -> new BotError(Kind.ACCESS_DENIED, "GitHub: the token was rejected (401); check GITHUB_TOKEN");
            case 403 -> new BotError(Kind.ACCESS_DENIED, "GitHub: access denied (403) to " + what);
            case 404 -> new BotError(Kind.NOT_FOUND, "GitHub: " + what + " not found (404)");
            case 409, 422 -> new BotError(Kind.REFUSED, "GitHub refused (" + code + ") for " + what);
            default -> new BotError(Kind.UNAVAILABLE, "GitHub error " + code + " for " + what);
        };
    }

    private static Instant parseInstant(String s) {
        try {
            return Instant.parse(s);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
