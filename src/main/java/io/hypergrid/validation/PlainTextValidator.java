package io.hypergrid.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.Optional;

/** {@link PlainText} for Bean Validation: the violation's message is the precise reason of {@link PlainText.Check}. */
public class PlainTextValidator implements ConstraintValidator<PlainText, String> {
    private boolean preciseMessage = true;

    @Override
    public void initialize(PlainText constraint) {
        preciseMessage = PlainText.DEFAULT_MESSAGE.equals(constraint.message());
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        Optional<String> problem = PlainText.Check.problem(value);
        if (problem.isEmpty()) {
            return true;
        }
        if (preciseMessage) {
            context.disableDefaultConstraintViolation();
            // a message template: its own text only, never the value, and nothing interpolated
            context.buildConstraintViolationWithTemplate(literal(problem.get())).addConstraintViolation();
        }
        return false;
    }

    /** {@code text} as a message template that interpolates to itself. */
    static String literal(String text) {
        return text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
    }
}
