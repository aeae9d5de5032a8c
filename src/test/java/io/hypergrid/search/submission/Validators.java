package io.hypergrid.search.submission;

import jakarta.validation.Validation;
import jakarta.validation.Validator;

/** Bean Validation outside Spring, for planners built in unit tests. */
final class Validators {
    static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    private Validators() {
    }
}
