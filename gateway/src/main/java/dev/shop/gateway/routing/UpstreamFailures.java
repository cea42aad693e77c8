package dev.shop.gateway.routing;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import reactor.netty.http.client.PrematureCloseException;

/** Which errors of a routed call mean that the service is down or slow, rather than something about the request. */
final class UpstreamFailures {

    private UpstreamFailures() {}

    /**
     * A refused or unroutable connection, a connection the service closed before it answered, or no instance of the
     * service ready to take it (the load balancer's answer when every instance fails its readiness probe).
     */
    static boolean isUnreachable(Throwable error) {
        return find(error, ConnectException.class) != null
                || find(error, NotFoundException.class) != null
                || find(error, NoRouteToHostException.class) != null
                || find(error, UnknownHostException.class) != null
                || find(error, PrematureCloseException.class) != null;
    }

    /** The route's response timeout (the gateway's Netty client reports it as a 504 status exception). */
    static boolean isTimeout(Throwable error) {
        if (error instanceof ResponseStatusException status
                && status.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value()) {
            return true;
        }
        return find(error, TimeoutException.class) != null
                || find(error, org.springframework.cloud.gateway.support.TimeoutException.class) != null;
    }

    /** The breaker is open (or half-open with its trial calls taken). */
    static boolean isBreakerOpen(Throwable error) {
        return find(error, CallNotPermittedException.class) != null
                || find(error, org.springframework.cloud.gateway.support.ServiceUnavailableException.class) != null;
    }

    /** What a breaker counts as a failure: the service did not answer. A 4xx or 5xx answer is an answer. */
    static boolean isFailureOfTheService(Throwable error) {
        return isUnreachable(error) || isTimeout(error);
    }

    static <T extends Throwable> @Nullable T find(Throwable error, Class<T> type) {
        Throwable current = error;
        for (int depth = 0; current != null && depth < 10; depth++) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            current = current.getCause();
        }
        return null;
    }
}
