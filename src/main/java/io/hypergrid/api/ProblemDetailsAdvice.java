package io.hypergrid.api;

import io.hypergrid.dataset.fetch.DatasetUnavailableException;
import io.hypergrid.search.QueueFullException;
import io.hypergrid.search.SearchConflictException;
import io.hypergrid.search.SearchNotFoundException;
import io.hypergrid.search.submission.FieldError;
import io.hypergrid.search.submission.InvalidSearchException;
import io.hypergrid.search.trial.TrialNotFoundException;
import io.hypergrid.search.trial.WeightsNotStoredException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Every error as RFC 9457 problem details ({@code application/problem+json}): a title, the detail, and for bad input
 * an {@code errors} list of {field, reason}. Never a stack trace; an unexpected failure is logged here and answered
 * with a generic 500.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    private final long retryAfterSeconds;

    ProblemDetailsAdvice(io.hypergrid.config.HypergridProperties properties) {
        this.retryAfterSeconds = Math.max(1, properties.limits().retryAfter().toSeconds());
    }

    /** Back-pressure: the queue is full; nothing was stored, and the header says when to try again. */
    @ExceptionHandler(QueueFullException.class)
    ResponseEntity<ProblemDetail> queueFull(QueueFullException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Queue full", e.getMessage(), null));
    }

    /** Too many event streams open on this instance: the client polls instead, or comes back later. */
    @ExceptionHandler(TooManyStreamsException.class)
    ResponseEntity<ProblemDetail> tooManyStreams(TooManyStreamsException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Too many event streams", e.getMessage(), null));
    }

    @ExceptionHandler(InvalidSearchException.class)
    ProblemDetail invalid(InvalidSearchException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid search", e.errors().size() == 1
                ? e.errors().get(0).field() + ": " + e.errors().get(0).reason()
                : e.errors().size() + " invalid fields", e.errors());
    }

    @ExceptionHandler(BadParameterException.class)
    ProblemDetail badParameter(BadParameterException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid parameter", e.parameter + ": " + e.getMessage(),
                List.of(new FieldError(e.parameter, e.getMessage())));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == null ? "another type" : e.getRequiredType().isEnum()
                ? "one of " + java.util.Arrays.toString(e.getRequiredType().getEnumConstants())
                : "a " + e.getRequiredType().getSimpleName().toLowerCase();
        String reason = "'" + e.getValue() + "' is not " + expected;
        return problem(HttpStatus.BAD_REQUEST, "Invalid parameter", e.getName() + ": " + reason,
                List.of(new FieldError(e.getName(), reason)));
    }

    @ExceptionHandler({SearchNotFoundException.class, TrialNotFoundException.class, WeightsNotStoredException.class})
    ProblemDetail notFound(RuntimeException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage(), null);
    }

    @ExceptionHandler(SearchConflictException.class)
    ProblemDetail conflict(SearchConflictException e) {
        return problem(HttpStatus.CONFLICT, "Not allowed in this state", e.getMessage(), null);
    }

    @ExceptionHandler(DatasetUnavailableException.class)
    ProblemDetail unavailable(DatasetUnavailableException e) {
        return problem(HttpStatus.CONFLICT, "Data set unavailable", e.getMessage(),
                List.of(new FieldError("dataset", e.getMessage())));
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("unexpected error", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "the request failed on the server; the log has the details", null);
    }

    /** Malformed JSON, wrong types, unknown fields: the path of the offending field and why. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        String field = "body";
        String reason = "not readable as JSON";
        Throwable cause = e.getCause();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.hypergrid.security.BodySizeFilter.BodyTooLargeException) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                        .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                        .body(problem(HttpStatus.CONTENT_TOO_LARGE, "Content Too Large", t.getMessage(), null));
            }
        }
        if (Utf8Body.NOT_UTF8.equals(e.getMessage())) {
            reason = Utf8Body.NOT_UTF8;
        } else if (cause instanceof tools.jackson.core.exc.StreamConstraintsException sce) {
            // nesting depth, number or string length above StreamReadConstraints (JsonLimits)
            String message = sce.getOriginalMessage() == null ? "a limit" : sce.getOriginalMessage();
            int cut = message.indexOf(" (");
            int cutFrom = message.indexOf(", from");
            reason = "over a limit: " + (cutFrom > 0 ? message.substring(0, cutFrom) + ")"
                    : cut > 0 ? message.substring(0, cut) : message);
        } else if (cause instanceof JacksonException je) {
            FieldError error = JsonBindingErrors.of(je);
            field = error.field();
            reason = error.reason();
        } else if (e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
            reason = "missing: send the search as a JSON object";
        }
        ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "Malformed request", field + ": " + reason,
                List.of(new FieldError(field, reason)));
        return ResponseEntity.badRequest().contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail, List<FieldError> errors) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(title);
        p.setType(URI.create("about:blank"));
        if (errors != null) {
            p.setProperty("errors", errors);
        }
        return p;
    }
}
