package io.hypergrid.api;

import io.hypergrid.HypergridProperties;
import io.hypergrid.catalog.DatasetCatalog;
import io.hypergrid.search.SearchGrid;
import io.hypergrid.search.SearchService;
import io.hypergrid.search.SearchStatus;
import io.hypergrid.search.SubmitSearch;
import io.hypergrid.search.TopTrial;
import io.hypergrid.search.TrialState;
import io.hypergrid.search.TrialView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

@RestController
@RequestMapping("/api/searches")
class SearchController {
    private final SearchService searches;
    private final DatasetCatalog catalog;
    private final ObjectMapper json;
    private final Paging paging;

    SearchController(SearchService searches, DatasetCatalog catalog, ObjectMapper json, HypergridProperties properties) {
        this.searches = searches;
        this.catalog = catalog;
        this.json = json;
        this.paging = new Paging(properties.limits().maxPageSize());
    }

    @Operation(summary = "Submit a grid: every point becomes a trial, stored at once and queued")
    @PostMapping
    ResponseEntity<SearchStatus> submit(@RequestBody SearchRequest request) {
        String dataset = request.dataset() == null ? "cifar10" : request.dataset();
        catalog.requireObtainable(dataset);
        SearchRequest.Limits limits = request.limits() == null ? new SearchRequest.Limits(null, null) : request.limits();
        SearchStatus status = searches.submit(new SubmitSearch(request.name(), request.dataset(), request.grid(),
                request.fixed(), limits.maxParallelTrials(), limits.maxFailedTrials(), json.writeValueAsString(request)));
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
        return searches.status(id).orElseThrow(() -> new io.hypergrid.search.SearchNotFoundException("search", id));
    }

    @Operation(summary = "The grid's dimensions: the values each takes, ascending, and which of them vary")
    @GetMapping("/{id}/grid")
    SearchGrid grid(@PathVariable long id) {
        return searches.grid(id);
    }

    @Operation(summary = "A search's trials, filtered by state and sorted by any parameter or metric")
    @GetMapping("/{id}/trials")
    PageView<TrialView> trials(@PathVariable long id,
                               @Parameter(description = "PENDING, RUNNING, SUCCEEDED, FAILED or CANCELLED")
                               @RequestParam(required = false) TrialState state,
                               @Parameter(description = "field[,asc|desc], e.g. validationAccuracy,desc; default gridIndex")
                               @RequestParam(required = false) String sort,
                               @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return PageView.of(searches.trials(id, state, paging.page(page, size, sort, Paging.TRIAL_SORT)));
    }

    @Operation(summary = "The k best configurations, by validation accuracy (test accuracy reported beside)")
    @GetMapping("/{id}/top")
    List<TopTrial> top(@PathVariable long id, @RequestParam(defaultValue = "5") int k,
                       @Parameter(description = "validation (default) or test; ranking by test accuracy leaks the test set")
                       @RequestParam(defaultValue = "validation") String by) {
        return searches.top(id, paging.k(k), paging.byTest(by));
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
