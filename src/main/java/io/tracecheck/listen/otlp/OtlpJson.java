package io.tracecheck.listen.otlp;

import com.fasterxml.jackson.jr.ob.JSON;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OTLP/JSON as the OTLP specification defines it: the proto3 JSON mapping, except that trace and
 * span ids are hex strings rather than base64, field names may be lowerCamelCase or the proto's
 * snake_case, enums are names or integers, 64-bit integers numbers or strings, and unknown fields
 * are ignored. Driven by the messages' descriptors, so every OTLP message type is covered.
 */
public final class OtlpJson {
    private static final Set<String> HEX_ID_FIELDS = Set.of("trace_id", "span_id", "parent_span_id");

    private OtlpJson() {
    }

    /** Parses a JSON body into the builder; a body that is not OTLP/JSON throws {@link IllegalArgumentException}. */
    public static <B extends Message.Builder> B parse(byte[] body, B builder) {
        Map<String, Object> tree;
        try {
            tree = JSON.std.mapFrom(body);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (tree == null) {
            throw new IllegalArgumentException("the body is not a JSON object");
        }
        merge(tree, builder, "");
        return builder;
    }

    /** Parses a JSON object already read (a member of a larger document) into the builder; as {@link #parse(byte[], Message.Builder)}. */
    public static <B extends Message.Builder> B parse(Map<String, Object> tree, B builder) {
        merge(tree, builder, "");
        return builder;
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> json, Message.Builder builder, String path) {
        var descriptor = builder.getDescriptorForType();
        for (Map.Entry<String, Object> entry : json.entrySet()) {
            FieldDescriptor field = descriptor.findFieldByName(entry.getKey());
            if (field == null) {
                field = descriptor.getFields().stream().filter(f -> f.getJsonName().equals(entry.getKey()))
                        .findFirst().orElse(null);
            }
            Object value = entry.getValue();
            if (field == null || value == null) {
                continue; // unknown fields are ignored, as the spec requires
            }
            String where = path.isEmpty() ? field.getJsonName() : path + "." + field.getJsonName();
            if (field.isRepeated()) {
                if (!(value instanceof List<?> list)) {
                    throw new IllegalArgumentException(where + " must be an array");
                }
                for (int i = 0; i < list.size(); i++) {
                    builder.addRepeatedField(field, convert(builder, field, list.get(i), where + "[" + i + "]"));
                }
            } else {
                builder.setField(field, convert(builder, field, value, where));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Object convert(Message.Builder parent, FieldDescriptor field, Object value, String where) {
        try {
            return switch (field.getJavaType()) {
                case MESSAGE -> {
                    if (!(value instanceof Map<?, ?> map)) {
                        throw new IllegalArgumentException(where + " must be an object");
                    }
                    Message.Builder nested = parent.newBuilderForField(field);
                    merge((Map<String, Object>) map, nested, where);
                    yield nested.build();
                }
                case ENUM -> {
                    EnumValueDescriptor enumValue = value instanceof Number number
                            ? field.getEnumType().findValueByNumber(number.intValue())
                            : field.getEnumType().findValueByName(String.valueOf(value));
                    if (enumValue == null) {
                        throw new IllegalArgumentException(where + " has an unknown enum value " + value);
                    }
                    yield enumValue;
                }
                case BYTE_STRING -> {
                    String text = String.valueOf(value);
                    if (!HEX_ID_FIELDS.contains(field.getName())) {
                        yield ByteString.copyFrom(Base64.getDecoder().decode(text));
                    }
                    try {
                        yield ByteString.copyFrom(HexFormat.of().parseHex(text));
                    } catch (IllegalArgumentException notHex) {
                        // proto3's JSON mapping would write bytes as base64: the usual slip of a hand-made OTLP/JSON body
                        throw new IllegalArgumentException(where + " is not hex: OTLP/JSON writes trace and span ids as hex "
                                + "digits (32 and 16), not base64");
                    }
                }
                case STRING -> {
                    if (!(value instanceof String text)) {
                        throw new IllegalArgumentException(where + " must be a string");
                    }
                    yield text;
                }
                case BOOLEAN -> {
                    if (!(value instanceof Boolean bool)) {
                        throw new IllegalArgumentException(where + " must be true or false");
                    }
                    yield bool;
                }
                case INT -> toBigInteger(value, where).intValueExact();
                case LONG -> field.getType() == FieldDescriptor.Type.UINT64 || field.getType() == FieldDescriptor.Type.FIXED64
                        ? toBigInteger(value, where).longValue()
                        : toBigInteger(value, where).longValueExact();
                case DOUBLE -> toDouble(value, where);
                case FLOAT -> (float) toDouble(value, where);
            };
        } catch (ArithmeticException | IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(where)) {
                throw e;
            }
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    private static BigInteger toBigInteger(Object value, String where) {
        if (value instanceof BigInteger big) {
            return big;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            return BigInteger.valueOf(((Number) value).longValue());
        }
        if (value instanceof Number number) {
            return new BigDecimal(number.toString()).toBigIntegerExact();
        }
        if (value instanceof String text) {
            try {
                return new BigInteger(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + " must be an integer, not '" + text + "'");
            }
        }
        throw new IllegalArgumentException(where + " must be an integer");
    }

    private static double toDouble(Object value, String where) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text) {
            return switch (text) {
                case "NaN" -> Double.NaN;
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> {
                    try {
                        yield Double.parseDouble(text);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(where + " must be a number, not '" + text + "'");
                    }
                }
            };
        }
        throw new IllegalArgumentException(where + " must be a number");
    }

    /** Writes a message as OTLP/JSON (lowerCamelCase, hex ids, 64-bit integers as strings). */
    public static String write(Message message) {
        try {
            return JSON.std.asString(tree(message));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A message as the OTLP/JSON object {@link #write} writes, to embed in a larger document. */
    public static Map<String, Object> tree(Message message) {
        Map<String, Object> node = new LinkedHashMap<>();
        for (Map.Entry<FieldDescriptor, Object> entry : message.getAllFields().entrySet()) {
            FieldDescriptor field = entry.getKey();
            Object value = entry.getValue();
            node.put(field.getJsonName(), field.isRepeated()
                    ? ((List<?>) value).stream().map(v -> plain(field, v)).toList()
                    : plain(field, value));
        }
        return node;
    }

    private static Object plain(FieldDescriptor field, Object value) {
        return switch (field.getJavaType()) {
            case MESSAGE -> tree((Message) value);
            case ENUM -> ((EnumValueDescriptor) value).getNumber();
            case BYTE_STRING -> HEX_ID_FIELDS.contains(field.getName())
                    ? HexFormat.of().formatHex(((ByteString) value).toByteArray())
                    : Base64.getEncoder().encodeToString(((ByteString) value).toByteArray());
            case LONG -> String.valueOf(value);
            default -> value;
        };
    }

    /** A JSON string literal. */
    public static String quote(String text) {
        try {
            return JSON.std.asString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
