package dev.shop.catalog.product;

import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The JSON of a product, written once per version: the cache stores these bytes and reads serve them as they are. */
@Component
public class ProductJson {

    private final JsonMapper json;

    ProductJson(JsonMapper json) {
        this.json = json;
    }

    public byte[] write(Product product) {
        return json.writeValueAsBytes(ProductResponse.of(product));
    }
}
