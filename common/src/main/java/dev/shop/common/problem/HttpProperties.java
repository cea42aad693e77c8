package dev.shop.common.problem;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * HTTP limits of a service.
 *
 * @param maxRequestBody the largest request body accepted, by {@code Content-Length} and while decoding; it also bounds
 *     what codecs buffer in memory (Boot's {@code WebClient.Builder} included)
 */
@ConfigurationProperties("shop.http")
public record HttpProperties(@DefaultValue("256KB") DataSize maxRequestBody) {}
