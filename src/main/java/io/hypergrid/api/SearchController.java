package io.hypergrid.api;

import io.hypergrid.config.HypergridProperties;
import io.hypergrid.catalog.DatasetCatalog;
import io.hypergrid.search.SearchGrid;
import io.hypergrid.search.SearchService;
import io.hypergrid.search.SearchStatus;
import io.hypergrid.search.export.TrialExport;
import io.hypergrid.search.importance.Importance;
import io.hypergrid.search.importance.ParameterImportance;
import io.hypergrid.search.ranking.ConfigurationRanking;
import io.hypergrid.search.ranking.Ranking;
import io.hypergrid.search.ranking.TopTrial;
import io.hypergrid.search.submission.SubmitSearch;
import io.hypergrid.search.parameter.Parameters;
import io.hypergrid.search.trial.Heatmap;
import io.hypergrid.search.trial.Heatmaps;
import io.hypergrid.search.trial.History;
import io.hypergrid.search.trial.TrialSort;
import io.hypergrid.search.trial.TrialState;
import io.hypergrid.search.trial.TrialView;
import io.hypergrid.search.trial.Trials;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/searches")
class SearchController {
    private final SearchService searches;
    private final Trials trials;
    private final Ranking ranking;
    private final DatasetCatalog catalog;
    private final Paging paging;
    private final TrialExport export;
    private final ParameterImportance importance;
    private final Heatmaps heatmaps;
    private final SearchEvents events;

    SearchController(SearchService searches, Trials trials, Ranking ranking, DatasetCatalog catalog,
                     HypergridProperties properties, TrialExport export, ParameterImportance importance,
                     Heatmaps heatmaps, SearchEvents events) {
        this.importance = importance;
        this.searches = searches;
        this.trials = trials;
        this.ranking = ranking;
        this.export = export;
        this.heatmaps = heatmaps;
        this.events = events;
        this.catalog = catalog;
        this.paging = new Paging(properties.limits().maxPageSize());
    }

    @Operation(summary = "Submit a grid: every point becomes a trial, stored at once and queued")
    @PostMapping
    ResponseEntity<SearchStatus> submit(@RequestBody SubmitSearch request) {
        catalog.requireObtainable(request.dataset() == null ? "cifar10" : request.dataset());
        SearchStatus status = searches.submit(request);
        return ResponseEntity.created(URI.create("/api/searches/" + status.id())).body(status);
    }

    @Operation(summary = "Searches, newest first")
    @GetMapping
    PageView<SearchStatus> list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return PageView.of(searches.list(paging.page(page, size, null, Paging.NO_SORT)));
    }

    @Operation(summary = "A search's status: state, trials per state, epochs done of total, best trial, time left")
    @GetMapping("/{id}")
    SearchStatus status(@PathVariable long id) {
        return searches.require(id);
    }

    @Operation(summary = "The grid's dimensions: the values each takes, ascending, and which of them vary")
    @GetMapping("/{id}/grid")
    SearchGrid grid(@PathVariable long id) {
        return searches.grid(id);
    }

    @Operation(summary = "Server-sent events of a search: status (as GET /api/searches/{id}) at once and on every"
            + " change of its state, trials per state, epochs done or best trial; end (the final status) when it"
            + " finishes, and the stream closes. Read from the database every second: trials trained on any instance"
            + " count. 503 problem detail past hypergrid.events.max-streams open streams")
    @GetMapping(value = "/{id}/events", produces = org.springframework.http.MediaType.TEXT_EVENT_STREAM_VALUE)
    org.springframework.web.servlet.mvc.method.annotation.SseEmitter events(@PathVariable long id) {
        return events.subscribe(id);
    }

    @Operation(summary = "A heatmap aggregated on the server: the search's trials grouped by their values of two"
            + " dimensions, one cell per pair (its best or mean validation accuracy, test beside, state, counts);"
            + " any other dimension given as a parameter (e.g. batchSize=100) holds it at that value")
    @GetMapping("/{id}/heatmap")
    Heatmap heatmap(@PathVariable long id,
                    @Parameter(description = "the horizontal dimension, e.g. eta") @RequestParam String x,
                    @Parameter(description = "the vertical dimension, e.g. lambda") @RequestParam String y,
                    @Parameter(description = "best (default) or mean: how a cell of several trials is summed up")
                    @RequestParam(defaultValue = "best") String aggregate,
                    @Parameter(hidden = true) @RequestParam Map<String, String> all) {
        io.hypergrid.search.parameter.Parameter<?> xDim = dimension("x", x);
        io.hypergrid.search.parameter.Parameter<?> yDim = dimension("y", y);
        if (xDim == yDim) {
            throw new BadParameterException("y", "must differ from x");
        }
        Heatmaps.Aggregate how = switch (aggregate) {
            case "best" -> Heatmaps.Aggregate.BEST;
            case "mean" -> Heatmaps.Aggregate.MEAN;
            default -> throw new BadParameterException("aggregate", "must be best or mean");
        };
        Map<io.hypergrid.search.parameter.Parameter<?>, Object> filter = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : all.entrySet()) {
            if (List.of("x", "y", "aggregate").contains(e.getKey())) {
                continue;
            }
            io.hypergrid.search.parameter.Parameter<?> p = Parameters.dimension(e.getKey()).orElseThrow(() ->
                    new BadParameterException(e.getKey(), "unknown parameter: x, y, aggregate or a dimension ("
                            + String.join(", ", Parameters.dimensionNames()) + ")"));
            if (p == xDim || p == yDim) {
                throw new BadParameterException(e.getKey(), "is an axis of the heatmap; it cannot also be held");
            }
            try {
                filter.put(p, p.parse(e.getValue()));
            } catch (IllegalArgumentException bad) {
                throw new BadParameterException(e.getKey(), bad.getMessage());
            }
        }
        searches.requireExists(id);
        return heatmaps.of(id, xDim, yDim, filter, how);
    }

    private static io.hypergrid.search.parameter.Parameter<?> dimension(String field, String name) {
        return Parameters.dimension(name).orElseThrow(() -> new BadParameterException(field,
                "must be a dimension (" + String.join(", ", Parameters.dimensionNames()) + "), not '" + name + "'"));
    }

    @Operation(summary = "A search's trials, filtered by state and sorted by any parameter or metric")
    @GetMapping("/{id}/trials")
    PageView<TrialView> trials(@PathVariable long id,
                               @Parameter(description = "PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED or PRUNED")
                               @RequestParam(required = false) TrialState state,
                               @Parameter(description = "field[,asc|desc], e.g. validationAccuracy,desc; default gridIndex")
                               @RequestParam(required = false) String sort,
                               @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        searches.requireExists(id);
        return PageView.of(trials.ofSearch(id, state, paging.page(page, size, sort, TrialSort.PROPERTIES)));
    }

    @Operation(summary = "Every trial as CSV (parameters, state, final metrics, timing), streamed in grid order")
    @GetMapping(value = "/{id}/trials.csv", produces = "text/csv")
    void trialsCsv(@PathVariable long id, HttpServletResponse response) throws IOException {
        stream(id, TrialExport.Format.CSV, "text/csv;charset=UTF-8", response);
    }

    @Operation(summary = "Every trial as a JSON array (the CSV's columns as fields), streamed in grid order")
    @GetMapping(value = "/{id}/trials.json", produces = "application/json")
    void trialsJson(@PathVariable long id, HttpServletResponse response) throws IOException {
        stream(id, TrialExport.Format.JSON, "application/json", response);
    }

    /** Written to the response as the rows are read: a 100,000-trial search never sits in memory. */
    private void stream(long id, TrialExport.Format format, String contentType, HttpServletResponse response)
            throws IOException {
        searches.requireExists(id); // a 404 problem detail, before the first byte
        response.setContentType(contentType);
        response.setHeader("Content-Disposition", "attachment; filename=\"search-" + id + "-trials."
                + format.name().toLowerCase(java.util.Locale.ROOT) + "\"");
        export.write(id, format, response.getOutputStream());
    }

    @Operation(summary = "The k best configurations, by validation accuracy (test accuracy reported beside)")
    @GetMapping("/{id}/top")
    List<TopTrial> top(@PathVariable long id, @RequestParam(defaultValue = "5") int k,
                       @Parameter(description = "validation (default) or test; ranking by test accuracy leaks the test set")
                       @RequestParam(defaultValue = "validation") String by) {
        int best = paging.k(k);
        boolean byTest = paging.byTest(by);
        searches.requireExists(id);
        return ranking.top(id, best, byTest);
    }

    @Operation(summary = "The k best configurations by mean accuracy over their repeats, with standard deviation and"
            + " R, and whether the two best differ by less than their spread")
    @GetMapping("/{id}/top-configurations")
    ConfigurationRanking topConfigurations(@PathVariable long id,
            @RequestParam(defaultValue = "5") int k,
            @Parameter(description = "validation (default) or test") @RequestParam(defaultValue = "validation") String by) {
        return searches.topConfigurations(id, paging.k(k), paging.byTest(by));
    }

    @Operation(summary = "Which varied parameters mattered for validation accuracy: functional ANOVA over a random"
            + " forest fitted to the finished configurations, or the exact variance decomposition of a full grid")
    @GetMapping("/{id}/importance")
    Importance importance(@PathVariable long id) {
        searches.requireExists(id);
        return importance.of(id);
    }

    @Operation(summary = "The optimisation history: the best validation accuracy so far over the trials in finishing"
            + " order, as the steps where it rises (trial number, seconds since submission, value, trial), with the"
            + " number of finished trials and the seconds to the last of them; small whatever the search's size")
    @GetMapping("/{id}/history")
    History history(@PathVariable long id) {
        return trials.history(id, searches.require(id).createdAt());
    }

    @Operation(summary = "Cancel: pending trials at once, running ones at their next mini-batch")
    @PostMapping("/{id}/cancel")
    SearchStatus cancel(@PathVariable long id) {
        return searches.cancel(id);
    }

    @Operation(summary = "Retry: failed and cancelled trials back to pending, attempt + 1")
    @PostMapping("/{id}/retry")
    SearchStatus retry(@PathVariable long id) {
        return searches.retry(id);
    }
}
