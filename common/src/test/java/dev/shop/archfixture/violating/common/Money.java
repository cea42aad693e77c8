package dev.shop.archfixture.violating.common;

public record Money(long amount, String currency) {}
