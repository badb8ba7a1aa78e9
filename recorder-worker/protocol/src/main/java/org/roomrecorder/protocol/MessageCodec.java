package org.roomrecorder.protocol;

import static org.roomrecorder.protocol.ErrorCode.INVALID_VALUE;
import static org.roomrecorder.protocol.ErrorCode.MALFORMED_JSON;
import static org.roomrecorder.protocol.ErrorCode.MISSING_FIELD;
import static org.roomrecorder.protocol.ErrorCode.UNKNOWN_TYPE;
import static org.roomrecorder.protocol.ErrorCode.WRONG_FIELD_TYPE;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The only class that knows Jackson. Turns a message into a frame body (one JSON object) and back; every way a
 * body can be wrong comes out as a {@link ProtocolException} with a code and a message that names the field.
 * Thread-safe.
 */
public final class MessageCodec {
    private final JsonMapper mapper;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    public MessageCodec() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                // Unknown fields are ignored so that a newer peer can add fields without a new protocol version.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, null))
                .addModule(new JavaTimeModule())
                .build();
        // A number is not a string and a string is not a number: no silent coercion of scalars.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        registerLeaves(mapper, Message.class);
        this.mapper = mapper;
        this.reader = mapper.readerFor(Message.class);
        this.writer = mapper.writerFor(Message.class);
    }

    private static void registerLeaves(JsonMapper mapper, Class<?> type) {
        if (!type.isSealed()) {
            mapper.registerSubtypes(type);
            return;
        }
        for (Class<?> sub : type.getPermittedSubclasses()) {
            registerLeaves(mapper, sub);
        }
    }

    /** The wire name of a message's type, for example {@code end-of-candidates}. */
    public static String typeName(Message message) {
        return message.getClass().getAnnotation(JsonTypeName.class).value();
    }

    /**
     * The {@code session} field of a frame that failed to decode, so the error reply can name the session; null if
     * the frame has none that is usable.
     */
    public String sessionOf(byte[] body, int offset, int length) {
        try {
            JsonNode session = mapper.readTree(body, offset, length).get("session");
            return session != null && session.isTextual() && session.textValue().length() <= Limits.MAX_ID_CHARS
                    ? session.textValue() : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** A whole frame: the 4-byte big-endian body length, then the body. */
    public byte[] encodeFrame(Message message) {
        FrameOutput out = new FrameOutput();
        try {
            writer.writeValue(out, message);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
        }
        return out.frame();
    }

    /** Collects a body behind room for its length prefix, so a frame is built with one copy. */
    private static final class FrameOutput extends java.io.ByteArrayOutputStream {
        FrameOutput() {
            super(512);
            count = 4;
        }

        byte[] frame() {
            int length = count - 4;
            buf[0] = (byte) (length >>> 24);
            buf[1] = (byte) (length >>> 16);
            buf[2] = (byte) (length >>> 8);
            buf[3] = (byte) length;
            return toByteArray();
        }
    }

    public byte[] encode(Message message) {
        try {
            return writer.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            // Our records hold only strings, numbers, enums, instants and lists: this is a bug, not bad input.
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    public Message decode(byte[] body) {
        return decode(body, 0, body.length);
    }

    public Message decode(byte[] body, int offset, int length) {
        requireObject(body, offset, length);
        try {
            return reader.readValue(body, offset, length);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof ProtocolException pe) {
                throw pe;
            }
            throw new ProtocolException(INVALID_VALUE, field(e) + " is invalid");
        } catch (InvalidTypeIdException e) {
            if (e.getTypeId() == null) {
                throw new ProtocolException(MISSING_FIELD, "type is missing");
            }
            throw new ProtocolException(UNKNOWN_TYPE, "unknown message type '" + Text.printable(e.getTypeId()) + "'");
        } catch (InvalidFormatException e) {
            if (isKindMismatch(e.getValue(), e.getTargetType())) {
                throw new ProtocolException(WRONG_FIELD_TYPE, field(e) + " has the wrong JSON type");
            }
            throw new ProtocolException(INVALID_VALUE, field(e) + " has a value that is not allowed");
        } catch (MismatchedInputException e) {
            if (e.getPath().isEmpty()) {
                throw new ProtocolException(MALFORMED_JSON, "the frame is not a JSON object of a known shape");
            }
            throw new ProtocolException(WRONG_FIELD_TYPE, field(e) + " has the wrong JSON type");
        } catch (JsonMappingException e) {
            throw new ProtocolException(WRONG_FIELD_TYPE, field(e) + " cannot be read");
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            throw new ProtocolException(MALFORMED_JSON, at == null ? "malformed JSON (" + e.getClass().getSimpleName() + ")"
                    : "malformed JSON at line " + at.getLineNr() + " column " + at.getColumnNr());
        } catch (java.io.IOException | RuntimeException e) {
            // Jackson reads from a byte array: an IOException or a stray runtime failure is still bad input.
            throw new ProtocolException(MALFORMED_JSON, "unreadable frame (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * A string where a number or boolean belongs, a fraction where an integer belongs, or a non-string where a
     * string belongs; not a bad enum name or timestamp, which are invalid values.
     */
    private static boolean isKindMismatch(Object value, Class<?> target) {
        if (target == String.class) {
            return !(value instanceof String);
        }
        boolean targetIsScalar = target.isPrimitive() || Number.class.isAssignableFrom(target) || target == Boolean.class;
        boolean fraction = value instanceof Double || value instanceof Float || value instanceof java.math.BigDecimal;
        return targetIsScalar && (value instanceof String || fraction);
    }

    private static void requireObject(byte[] body, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = body[i];
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                continue;
            }
            if (b == '{') {
                return;
            }
            break;
        }
        throw new ProtocolException(MALFORMED_JSON, length == 0 ? "the frame is empty" : "the frame is not a JSON object");
    }

    /** The dotted path of the field an exception points at, for example {@code options.frameRate}. */
    private static String field(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(Text.printable(ref.getFieldName()));
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "the message" : path.toString();
    }
}
