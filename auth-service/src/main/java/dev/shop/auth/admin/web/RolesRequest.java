package dev.shop.auth.admin.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The shop roles a user is to have, exactly: {@code ["customer"]}, {@code ["customer", "admin"]}, or none. */
record RolesRequest(
        @Schema(example = "[\"customer\", \"admin\"]") @NotNull @Size(max = 10) @Nullable
        List<@NotBlank @Size(max = 64) String> roles) {}
