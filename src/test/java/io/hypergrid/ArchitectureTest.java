package io.hypergrid;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The house rules of design §6 that a compiler does not check. */
@AnalyzeClasses(packages = "io.hypergrid", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule trainingAndDatasetAreFreeOfSpring = noClasses()
            .that().resideInAnyPackage("io.hypergrid.training..", "io.hypergrid.dataset..")
            .and().doNotHaveSimpleName("package-info") // @NamedInterface: metadata for ModulesTest, not a dependency
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..")
            .because("the training core must be usable and testable alone (design §6)");

    @ArchTest
    static final ArchRule datasetDoesNotKnowTheTrainer = noClasses()
            .that().resideInAPackage("io.hypergrid.dataset..")
            .should().dependOnClassesThat().resideInAPackage("io.hypergrid.training..")
            .because("data is the lower layer: the trainer reads it, not the other way round");

    @ArchTest
    static final ArchRule theCoreDoesNotReachUpIntoTheCommandLine = noClasses()
            .that().resideInAnyPackage("io.hypergrid.training..", "io.hypergrid.dataset..")
            .should().dependOnClassesThat().resideInAPackage("io.hypergrid.cli..");

    @ArchTest
    static final ArchRule theDomainDoesNotKnowItsScreens = noClasses()
            .that().resideInAnyPackage("io.hypergrid.search..", "io.hypergrid.execution..", "io.hypergrid.training..",
                    "io.hypergrid.metrics..")
            .should().dependOnClassesThat().resideInAnyPackage("io.hypergrid.api..", "io.hypergrid.web..")
            .because("the HTTP API and the dashboard read the domain, not the other way round");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.hypergrid.(**)").should().beFreeOfCycles()
            .because("every package, sub-packages included, depends one way: a newcomer reads them bottom up");

    @ArchTest
    static final ArchRule entitiesAndRepositoriesStayInsideTheirPackage = classes()
            .that().areAnnotatedWith(jakarta.persistence.Entity.class)
            .or().areAssignableTo(org.springframework.data.repository.Repository.class)
            .should().notBePublic()
            .because("a package's tables are its own: others go through its public API");

    @ArchTest
    static final ArchRule theQueueProtocolStaysInTheQueue = noClasses()
            .that().resideOutsideOfPackage("io.hypergrid.search.queue..")
            .should().dependOnClassesThat().haveSimpleName("QueueDialect")
            .because("the queue's SQL dialects are the queue's business");

    @ArchTest
    static final ArchRule theWeightsPictureIsPlainJava = noClasses()
            .that().haveSimpleName("WeightsImage")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..")
            .because("drawing the class templates needs no framework and is unit-tested alone");
}
