package io.scalableapi.user.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/** JSON Merge Patch (RFC 7396): members set to null are removed, objects merge recursively, anything else replaces. */
final class MergePatch {
    private MergePatch() {
    }

    static void apply(ObjectNode target, ObjectNode patch) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (value.isObject() && target.get(field.getKey()) instanceof ObjectNode nested) {
                apply(nested, (ObjectNode) value);
            } else {
                target.set(field.getKey(), value);
            }
        }
    }
}
