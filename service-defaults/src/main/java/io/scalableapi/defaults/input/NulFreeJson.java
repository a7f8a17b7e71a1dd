package io.scalableapi.defaults.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * JSON strings (values and object keys) holding U+0000 are a 400 naming the field (see {@link NulCharacter}), not a failed
 * statement later.
 */
@Singleton
public class NulFreeJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("nul-free-strings")
                .addDeserializer(String.class, new Values())
                .addKeyDeserializer(String.class, new Keys()));
    }

    private static final class Values extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = super.deserialize(p, ctxt);
            if (NulCharacter.in(value)) {
                throw InvalidFormatException.from(p, "The text " + NulCharacter.PROBLEM, value.replace('\u0000', '?'),
                        String.class);
            }
            return value;
        }
    }

    private static final class Keys extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            if (NulCharacter.in(key)) {
                throw InvalidFormatException.from(ctxt.getParser(), "The key " + NulCharacter.PROBLEM,
                        key.replace('\u0000', '?'), String.class);
            }
            return key;
        }
    }
}
