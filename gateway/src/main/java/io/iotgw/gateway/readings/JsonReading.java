package io.iotgw.gateway.readings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.List;

/**
 * The JSON-object form: the line is one JSON object. Its members become fields: numbers as numbers
 * (when {@link Numbers} agrees, else as their text), strings as strings, {@code true}/{@code false} as
 * the strings "true"/"false"; {@code null}, objects, arrays and members whose name is not a
 * {@link Keys key} are left out. It is parsed twice, once to check it whole and once to write, so
 * that a line that is not a reading writes nothing. Owned by one thread (the publisher's).
 */
final class JsonReading {

    private static final JsonFactory JSON = new JsonFactory();

    private final KeySet seen = new KeySet();

    /** @param from where the object's '{' is */
    boolean write(byte[] line, int from, JsonGenerator out, List<String> numericKeys) throws IOException {
        if (!isOneObject(line, from)) {
            return false;
        }
        try (JsonParser in = JSON.createParser(line, from, line.length - from)) {
            in.nextToken();
            out.writeFieldName("fields");
            out.writeStartObject();
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                JsonToken value = in.nextToken();
                if (Keys.isValid(name)) {
                    copy(name, value, in, out, numericKeys);
                } else {
                    in.skipChildren();
                }
            }
            out.writeEndObject();
        }
        return true;
    }

    private static void copy(String name, JsonToken value, JsonParser in, JsonGenerator out, List<String> numericKeys)
            throws IOException {
        switch (value) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                out.writeFieldName(name);
                if (Numbers.isNumber(in.getTextCharacters(), in.getTextOffset(), in.getTextLength())) {
                    out.writeNumber(in.getTextCharacters(), in.getTextOffset(), in.getTextLength());
                    numericKeys.add(name);
                } else {
                    out.writeString(in.getTextCharacters(), in.getTextOffset(), in.getTextLength());
                }
            }
            case VALUE_STRING -> {
                out.writeFieldName(name);
                out.writeString(in.getTextCharacters(), in.getTextOffset(), in.getTextLength());
            }
            case VALUE_TRUE, VALUE_FALSE -> out.writeStringField(name, value == JsonToken.VALUE_TRUE ? "true" : "false");
            default -> in.skipChildren(); // null, an object or an array: not a field
        }
    }

    /** True when the bytes from {@code from} are one JSON object, each member named once, and nothing after it. */
    private boolean isOneObject(byte[] line, int from) {
        seen.clear();
        try (JsonParser in = JSON.createParser(line, from, line.length - from)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                if (!seen.add(in.currentName())) {
                    return false;
                }
                in.nextToken();
                in.skipChildren();
            }
            return in.currentToken() == JsonToken.END_OBJECT && in.nextToken() == null;
        } catch (IOException e) {
            return false; // not JSON, truncated, too deep: not a reading
        }
    }
}
