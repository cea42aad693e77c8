package dev.shop.common.problem;

/** One entry of a validation problem's {@code errors}: the offending field (or parameter) and what is wrong. */
public record FieldViolation(String field, String message) {}
