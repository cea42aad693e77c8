package dev.shop.common.problem;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;

/**
 * HTTP limits of a service.
 *
 * @param maxRequestBody the largest request body accepted, by {@code Content-Length} and while decoding; it also bounds
 *     what codecs buffer in memory (Boot's {@code WebClient.Builder} included)
 * @param maxUploadBody the same for a {@code multipart/form-data} body (a file upload); each of its parts may take
 *     this much, held on disk beyond {@code maxRequestBody}
 */
@ConfigurationProperties("shop.http")
public record HttpProperties(
        @DefaultValue("256KB") DataSize maxRequestBody,
        @DefaultValue("6MB") DataSize maxUploadBody) {

    /**
     * The limit of a request with these headers: {@link #maxUploadBody} for a {@code multipart/form-data} body,
     * {@link #maxRequestBody} for any other (a {@code Content-Type} that does not parse included: it gets 415 later).
     */
    public DataSize limitFor(HttpHeaders headers) {
        try {
            MediaType contentType = headers.getContentType();
            return contentType != null && MediaType.MULTIPART_FORM_DATA.isCompatibleWith(contentType)
                    ? maxUploadBody
                    : maxRequestBody;
        } catch (InvalidMediaTypeException unparsable) {
            return maxRequestBody;
        }
    }
}
