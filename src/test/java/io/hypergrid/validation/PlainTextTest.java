package io.hypergrid.validation;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The rule of {@link PlainText}, checked against Java's own Unicode data rather than against itself: a string of
 * allowed code points always passes, and one forbidden code unit (or noncharacter) put anywhere is reported with
 * its code point and index; and the annotation reports the same reason through Bean Validation.
 */
class PlainTextTest {
    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    @AfterContainer
    static void close() {
        FACTORY.close();
    }

    /** Allowed, by an oracle independent of the code under test: Java's general categories and the 66 noncharacters. */
    private static boolean allowed(int codePoint) {
        int type = Character.getType(codePoint);
        boolean noncharacter = codePoint >= 0xFDD0 && codePoint <= 0xFDEF || codePoint % 0x10000 >= 0xFFFE;
        return type != Character.SURROGATE && type != Character.CONTROL && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR && !noncharacter;
    }

    /** Mostly the neighbours of the forbidden ranges, and anything from ASCII to plane 16. */
    private static Arbitrary<Integer> allowedCodePoints() {
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0x20, 0x7E)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0xA0, 0xFFFD)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10FFFD)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.of(0x20, 0x7E, 0xA0, 0x200D, 0x2027, 0x202A, 0xD7FF,
                                0xE000, 0xFDCF, 0xFDF0, 0xFFFD, 0x10000, 0x1F680, 0x1FFFD, 0x20000, 0xEFFFD, 0x10FFFD)))
                .filter(PlainTextTest::allowed);
    }

    @Provide
    Arbitrary<String> plainText() {
        return allowedCodePoints().list().ofMaxSize(30).map(codePoints -> {
            StringBuilder sb = new StringBuilder();
            codePoints.forEach(sb::appendCodePoint);
            return sb.toString();
        });
    }

    /** One forbidden code unit (a lone surrogate, C0, DEL, C1, U+2028/9, a BMP noncharacter) or noncharacter pair. */
    @Provide
    Arbitrary<String> forbidden() {
        Arbitrary<Integer> units = Arbitraries.oneOf(Arbitraries.integers().between(0xD800, 0xDFFF),
                Arbitraries.integers().between(0x00, 0x1F), Arbitraries.of(0x7F, 0x2028, 0x2029),
                Arbitraries.integers().between(0x80, 0x9F), Arbitraries.integers().between(0xFDD0, 0xFDEF),
                Arbitraries.of(0xFFFE, 0xFFFF));
        Arbitrary<Integer> supplementaryNoncharacters = Arbitraries.integers().between(1, 16)
                .flatMap(plane -> Arbitraries.of(plane * 0x10000 + 0xFFFE, plane * 0x10000 + 0xFFFF));
        return Arbitraries.oneOf(units.map(u -> String.valueOf((char) u.intValue())),
                supplementaryNoncharacters.map(Character::toString));
    }

    @Property(tries = 1000)
    void anyTextOfAllowedCodePointsPasses(@ForAll("plainText") String text) {
        assertThat(PlainText.Check.problem(text)).as(escaped(text)).isEmpty();
    }

    @Property(tries = 1000)
    void oneForbiddenCodeUnitAnywhereIsReportedWithItsIndex(@ForAll("plainText") String text,
                                                           @ForAll("forbidden") String bad,
                                                           @ForAll double where) {
        // a code point boundary, so the text around stays valid
        int[] boundaries = IntStream.concat(IntStream.range(0, text.length())
                .filter(i -> !Character.isLowSurrogate(text.charAt(i))), IntStream.of(text.length())).toArray();
        int index = boundaries[(int) (Math.abs(where) % 1 * boundaries.length) % boundaries.length];
        String spoiled = text.substring(0, index) + bad + text.substring(index);

        Optional<String> problem = PlainText.Check.problem(spoiled);

        int codePoint = bad.codePointAt(0);
        String expected = bad.length() == 1 && Character.isSurrogate(bad.charAt(0))
                ? String.format("must be valid Unicode (unpaired surrogate U+%04X at index %d)", codePoint, index)
                : String.format("(U+%04X at index %d)", codePoint, index);
        assertThat(problem).as(escaped(spoiled)).hasValueSatisfying(p -> assertThat(p).endsWith(expected));
    }

    @Example
    void nothingIsNoProblem() {
        assertThat(PlainText.Check.problem(null)).isEmpty();
        assertThat(PlainText.Check.problem("")).isEmpty();
    }

    @Example
    void textOfEveryScriptPasses() {
        for (String text : List.of("Ünïcødé 名前 🚀", "lr 0.1, λ=1e-4 — run #3", "Ελληνικά ру́сский עִבְרִית العربية",
                "👩‍💻 🇫🇷 👍🏽", "e\u0301 (a combining accent)", "\u200b\u200e\ufeff (format characters)",
                "\ufffd\ufdcf\ufdf0\ue000", "\udbff\udffd (U+10FFFD)", " ")) {
            assertThat(PlainText.Check.problem(text)).as(escaped(text)).isEmpty();
        }
    }

    @Example
    void eachReasonSaysWhatAndWhere() {
        assertThat(PlainText.Check.problem("run\u0000"))
                .hasValue("must be text without control characters (U+0000 at index 3)");
        assertThat(PlainText.Check.problem("\u0007bell"))
                .hasValue("must be text without control characters (U+0007 at index 0)");
        assertThat(PlainText.Check.problem("del\u007f")).hasValue("must be text without control characters (U+007F at index 3)");
        assertThat(PlainText.Check.problem("\u009b31m")).hasValue("must be text without control characters (U+009B at index 0)");
        assertThat(PlainText.Check.problem("\ud800")).hasValue("must be valid Unicode (unpaired surrogate U+D800 at index 0)");
        assertThat(PlainText.Check.problem("a\ud800b")).hasValue("must be valid Unicode (unpaired surrogate U+D800 at index 1)");
        assertThat(PlainText.Check.problem("x\udc00")).hasValue("must be valid Unicode (unpaired surrogate U+DC00 at index 1)");
        assertThat(PlainText.Check.problem("\udc00\ud800"))
                .hasValue("must be valid Unicode (unpaired surrogate U+DC00 at index 0)");
        assertThat(PlainText.Check.problem("\ud83d\ud83d\ude80"))
                .hasValue("must be valid Unicode (unpaired surrogate U+D83D at index 0)");
        assertThat(PlainText.Check.problem("\uffff")).hasValue("must be text without noncharacters (U+FFFF at index 0)");
        assertThat(PlainText.Check.problem("x\ufdd0")).hasValue("must be text without noncharacters (U+FDD0 at index 1)");
        assertThat(PlainText.Check.problem("\ud83d\ude80\ud83f\udffe"))
                .hasValue("must be text without noncharacters (U+1FFFE at index 2)");
        assertThat(PlainText.Check.problem("\udbff\udfff")).hasValue("must be text without noncharacters (U+10FFFF at index 0)");
    }

    @Example
    void aNameIsOneLine() {
        assertThat(PlainText.Check.problem("two\nlines"))
                .hasValue("must be one line without tabs or line breaks (U+000A at index 3)");
        assertThat(PlainText.Check.problem("a\tb")).hasValue("must be one line without tabs or line breaks (U+0009 at index 1)");
        for (char c : new char[] {'\r', '\u000b', '\f', '\u0085', '\u2028', '\u2029'}) {
            assertThat(PlainText.Check.problem("x" + c)).hasValue(String.format(
                    "must be one line without tabs or line breaks (U+%04X at index 1)", (int) c));
        }
    }

    @Example
    void theFirstProblemIsTheOneReported() {
        assertThat(PlainText.Check.problem("🚀\u0000\ud800")).hasValue(
                "must be text without control characters (U+0000 at index 2)");
    }

    record Named(@PlainText String name) {
    }

    record Labelled(@PlainText(message = "not a label") String label) {
    }

    @Example
    void theAnnotationReportsThePreciseReasonOnTheField() {
        Set<ConstraintViolation<Named>> violations = VALIDATOR.validate(new Named("run\u0000"));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.getPropertyPath()).hasToString("name");
            assertThat(v.getMessage()).isEqualTo("must be text without control characters (U+0000 at index 3)");
        });
        assertThat(VALIDATOR.validate(new Named("Ünïcødé 名前 🚀"))).isEmpty();
        assertThat(VALIDATOR.validate(new Named(null))).isEmpty();
    }

    @Example
    void aMessageOnTheAnnotationReplacesTheReason() {
        assertThat(VALIDATOR.validate(new Labelled("\ud800"))).singleElement()
                .satisfies(v -> assertThat(v.getMessage()).isEqualTo("not a label"));
    }

    @Example
    void theReasonIsTakenLiterallyAsAMessageTemplate() {
        assertThat(PlainTextValidator.literal("a {b} ${c} \\d")).isEqualTo("a \\{b\\} \\$\\{c\\} \\\\d");
    }

    private static String escaped(String text) {
        StringBuilder sb = new StringBuilder();
        text.chars().forEach(c -> sb.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return sb.toString();
    }
}
