package dev.shop.localstack.stripe;

import com.github.tomakehurst.wiremock.common.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One answer of the simulated API: a status and a JSON body.
 *
 * @param stored whether Stripe would keep it as the idempotency key's result: only requests that started executing
 *     are kept (a parameter error, a bad key or a key in use are not)
 */
record ApiResponse(int status, String body, boolean stored) {

    static ApiResponse ok(Map<String, ?> object) {
        return new ApiResponse(200, Json.write(object), true);
    }

    /** An error that happened while the request executed (a decline, a state conflict): kept for the key. */
    static ApiResponse failed(int status, Map<String, ?> error) {
        return new ApiResponse(status, Json.write(Map.of("error", error)), true);
    }

    /** An error found before executing (bad parameters, authentication): not kept for the key. */
    static ApiResponse rejected(
            int status, String type, @Nullable String code, String message, @Nullable String param) {
        return new ApiResponse(status, Json.write(Map.of("error", error(type, code, message, param))), false);
    }

    static ApiResponse invalid(String message, @Nullable String param) {
        return rejected(400, "invalid_request_error", param == null ? null : "parameter_invalid", message, param);
    }

    static Map<String, Object> error(String type, @Nullable String code, String message, @Nullable String param) {
        var error = new LinkedHashMap<String, Object>();
        error.put("type", type);
        if (code != null) {
            error.put("code", code);
        }
        error.put("message", message);
        if (param != null) {
            error.put("param", param);
        }
        return error;
    }
}
