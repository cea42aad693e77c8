package dev.shop.common.apidocs;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Marks every component of a record that is not {@link Nullable} as required in the record's schema. The shop's
 * answers are records whose components are never null unless they say so; without this the document would call every
 * property optional, and a client generated from it would have to check each for a value that is always there.
 */
final class RequiredRecordComponents implements ModelConverter {

    @Override
    public @Nullable Schema resolve(
            AnnotatedType annotatedType, ModelConverterContext context, Iterator<ModelConverter> chain) {
        Schema<?> schema = chain.hasNext() ? chain.next().resolve(annotatedType, context, chain) : null;
        Class<?> type = rawClass(annotatedType.getType());
        if (schema == null || type == null || !type.isRecord()) {
            return schema;
        }
        Schema<?> model = schema;
        String ref = schema.get$ref();
        if (ref != null) {
            model = context.getDefinedModels().get(ref.substring(ref.lastIndexOf('/') + 1));
        }
        if (model == null || model.getProperties() == null) {
            return schema;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            String name = component.getName();
            List<String> required = model.getRequired();
            boolean nullable = component.getAnnotatedType().isAnnotationPresent(Nullable.class);
            if (!nullable
                    && model.getProperties().containsKey(name)
                    && (required == null || !required.contains(name))) {
                model.addRequiredItem(name);
            }
        }
        return schema;
    }

    private static @Nullable Class<?> rawClass(Type type) {
        if (type instanceof Class<?> plain) {
            return plain;
        }
        if (type instanceof com.fasterxml.jackson.databind.JavaType javaType) {
            return javaType.getRawClass();
        }
        return null;
    }
}
