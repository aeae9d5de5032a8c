package io.hypergrid.validation;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Optional;

/**
 * One line of free text that every database stores as sent: valid Unicode (no unpaired surrogate, which no UTF-8
 * column can hold), no control character (C0, DEL, C1: PostgreSQL refuses U+0000 in text), no tab or line break (a
 * name is one line; U+2028 and U+2029 count as line breaks too) and no noncharacter (U+FDD0..U+FDEF and the last two
 * code points of every plane, U+FFFE, U+FFFF, U+1FFFE...). Everything else passes: letters of every script,
 * emoji as surrogate pairs, combining marks, joiners. {@code null} is valid; add {@code @NotNull} where it is not.
 *
 * <p>The message names the first problem and where it is, e.g. {@code must be text without control characters
 * (U+0000 at index 3)}; the index counts UTF-16 code units, as Java and JavaScript strings do (an emoji counts two).
 * A {@code message} given on the annotation replaces it. Code outside Bean Validation applies the same rule with
 * {@link Check#problem(CharSequence)}.
 */
@Documented
@Constraint(validatedBy = PlainTextValidator.class)
@Target({METHOD, FIELD, ANNOTATION_TYPE, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
public @interface PlainText {
    /** The default message; the validator replaces it with the precise reason. */
    String DEFAULT_MESSAGE = "must be one line of plain Unicode text";

    String message() default DEFAULT_MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The rule itself, without Bean Validation. */
    final class Check {
        private Check() {
        }

        /**
         * The first reason {@code text} is not one line of plain text, with the code point and its UTF-16 index, e.g.
         * {@code must be valid Unicode (unpaired surrogate U+D800 at index 0)}; empty when it is (and for null).
         */
        public static Optional<String> problem(CharSequence text) {
            if (text == null) {
                return Optional.empty();
            }
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                int codePoint = c;
                if (Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    codePoint = Character.toCodePoint(c, text.charAt(i + 1));
                } else if (Character.isSurrogate(c)) {
                    return Optional.of(String.format("must be valid Unicode (unpaired surrogate U+%04X at index %d)",
                            (int) c, i));
                }
                String wrong = isLineBreakOrTab(codePoint) ? "one line without tabs or line breaks"
                        : isControl(codePoint) ? "text without control characters"
                        : isNoncharacter(codePoint) ? "text without noncharacters"
                        : null;
                if (wrong != null) {
                    return Optional.of(String.format("must be %s (U+%04X at index %d)", wrong, codePoint, i));
                }
                i += Character.charCount(codePoint);
            }
            return Optional.empty();
        }

        /** Tab, LF, VT, FF, CR, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR. */
        static boolean isLineBreakOrTab(int codePoint) {
            return codePoint >= 0x09 && codePoint <= 0x0D || codePoint == 0x85 || codePoint == 0x2028
                    || codePoint == 0x2029;
        }

        /** C0 (U+0000..U+001F), DEL (U+007F) and C1 (U+0080..U+009F): Unicode's general category Cc. */
        static boolean isControl(int codePoint) {
            return codePoint < 0x20 || codePoint >= 0x7F && codePoint <= 0x9F;
        }

        /** The 66 noncharacters: U+FDD0..U+FDEF, and U+xxFFFE and U+xxFFFF of every plane. */
        static boolean isNoncharacter(int codePoint) {
            return codePoint >= 0xFDD0 && codePoint <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;
        }
    }
}
