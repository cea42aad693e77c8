package dev.shop.archfixture.clean.common;

public record Money(long amount, String currency) {}
