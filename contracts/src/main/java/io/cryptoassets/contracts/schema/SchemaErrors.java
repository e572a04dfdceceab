package io.cryptoassets.contracts.schema;

import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import io.cryptoassets.contracts.FieldError;

/** Turns the validator's errors into {@link FieldError}s that name the field a client got wrong. */
final class SchemaErrors {

    private SchemaErrors() {
    }

    static FieldError toFieldError(Error error) {
        String field = path(error.getInstanceLocation());
        // A missing property is reported at its parent object; name the property itself.
        if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
            field = field.isEmpty() ? error.getProperty() : field + "." + error.getProperty();
        }
        return new FieldError(field, message(error));
    }

    private static String path(NodePath location) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                path.append(path.isEmpty() ? "" : ".").append(element);
            }
        }
        return path.toString();
    }

    // The validator prefixes its message with the location; the field already says that. A field
    // a schema forbids only in some combinations (the schema "false" under an "if") is told so in
    // words: "schema for 'x' is false" helps no client.
    private static String message(Error error) {
        if ("false".equals(error.getKeyword())) {
            return "must be left out of this body; see the field's description for what it excludes";
        }
        String message = error.getMessage();
        int colon = message.indexOf(": ");
        return message.startsWith("$") && colon > 0 ? message.substring(colon + 2) : message;
    }
}
