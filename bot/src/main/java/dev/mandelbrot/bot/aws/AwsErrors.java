package dev.mandelbrot.bot.aws;

import dev.mandelbrot.bot.BotError;
import dev.mandelbrot.bot.BotError.Kind;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/** Translates SDK exceptions into {@link BotError}s that name the service and the kind, nothing more. */
final class AwsErrors {

    /**
     * The codes AWS answers a request signed with expired or unknown credentials with, 400 or
     * 403 by service: STS-style query services say ExpiredToken or InvalidClientTokenId, JSON
     * ones ExpiredTokenException or UnrecognizedClientException; S3 says ExpiredToken or
     * InvalidAccessKeyId, and SignatureDoesNotMatch for a wrong secret key.
     */
    private static final Set<String> BAD_CREDENTIALS = Set.of("ExpiredToken", "ExpiredTokenException",
            "InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId", "SignatureDoesNotMatch");

    private AwsErrors() {}

    /** {@code what} says which call failed, e.g. "CodeDeploy CreateDeployment". */
    static BotError translate(String what, SdkException e) {
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException
                || hasCause(e, SocketTimeoutException.class)) {
            return new BotError(Kind.TIMEOUT, what + ": timed out");
        }
        if (e instanceof AwsServiceException s) {
            String code = s.awsErrorDetails() == null || s.awsErrorDetails().errorCode() == null
                    ? "" : s.awsErrorDetails().errorCode();
            String lower = code.toLowerCase(Locale.ROOT);
            if (s.isThrottlingException() || lower.contains("throttl") || lower.contains("slowdown")
                    || lower.contains("requestlimitexceeded")) {
                return new BotError(Kind.THROTTLED, what + ": AWS is throttling requests (" + code + "), try again in a minute");
            }
            if (BAD_CREDENTIALS.contains(code)) {
                // Signed with credentials AWS no longer (or never) accepts: no IAM policy will help.
                return new BotError(Kind.ACCESS_DENIED, what + ": the bot's AWS credentials are expired or invalid ("
                        + code + "); renew them (a new session, profile login or role)");
            }
            if (s.statusCode() == 403 || lower.contains("accessdenied") || lower.contains("unauthorized")
                    || lower.contains("forbidden")) {
                return new BotError(Kind.ACCESS_DENIED, what + ": access denied (" + (code.isEmpty() ? "403" : code)
                        + "); check the bot's IAM permissions");
            }
            if (s.statusCode() == 404 || lower.contains("notfound") || lower.contains("doesnotexist")
                    || lower.startsWith("nosuch")) {
                return new BotError(Kind.NOT_FOUND, what + ": not found (" + (code.isEmpty() ? "404" : code) + ")");
            }
            return new BotError(Kind.UNAVAILABLE, what + ": AWS error " + (code.isEmpty() ? s.statusCode() : code));
        }
        if (missingCredentials(e)) {
            // Retrying will not help, and "unreachable" would send the operator after the network.
            return new BotError(Kind.ACCESS_DENIED, what + ": no AWS credentials found (environment, profile or instance role)");
        }
        return new BotError(Kind.UNAVAILABLE, what + ": AWS unreachable");
    }

    /**
     * True when the credential chain found nothing. The SDK has no exception type for this: it
     * throws a plain {@code SdkClientException} whose message starts "Unable to load credentials
     * from any of the providers in the chain" (a single provider says "Unable to load credentials
     * from ..." or "Profile file contained no credentials"), before any request is sent.
     */
    private static boolean missingCredentials(SdkException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && (m.startsWith("Unable to load credentials") || m.contains("contained no credentials"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
