package dev.shop.catalog.image;

import dev.shop.catalog.CatalogProperties;
import java.net.URI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/** The AWS SDK's async S3 client for the images' store, as {@code catalog.images.*} describes it. */
@Configuration(proxyBeanMethods = false)
class ObjectStoreConfiguration {

    @Bean(destroyMethod = "close")
    S3AsyncClient imageStoreClient(CatalogProperties properties) {
        var images = properties.images();
        var builder = S3AsyncClient.builder()
                .region(Region.of(images.region()))
                .forcePathStyle(images.pathStyleAccess())
                .credentialsProvider(credentials(images))
                // a checksum only where the S3 API requires one: S3-compatible stores do not all know the newer ones
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(config -> config.apiCallTimeout(images.timeout()));
        String endpoint = images.endpoint();
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(CatalogProperties.Images images) {
        String accessKey = images.accessKey();
        String secretKey = images.secretKey();
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }
}
