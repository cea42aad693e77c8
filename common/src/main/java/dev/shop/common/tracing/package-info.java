/**
 * Work that needs the trace of a request or event in thread locals (a log line, whose JSON takes its trace id from
 * the MDC) in services that restore the Reactor context to thread locals only where asked.
 */
@NullMarked
package dev.shop.common.tracing;

import org.jspecify.annotations.NullMarked;
