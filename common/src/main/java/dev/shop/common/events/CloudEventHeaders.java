package dev.shop.common.events;

/**
 * Header names of the CloudEvents Kafka binding in binary mode (the payload is the event's JSON, the attributes are
 * headers), plus the W3C trace context header.
 */
public final class CloudEventHeaders {

    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String TRACEPARENT = "traceparent";

    /** The CloudEvents version written in {@link #SPEC_VERSION}. */
    public static final String SPEC_VERSION_1_0 = "1.0";

    private CloudEventHeaders() {}
}
