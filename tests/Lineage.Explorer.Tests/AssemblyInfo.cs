// One browser spec at a time: each fixture runs a pipeline and a browser, and two at once on a 2-core machine
// starve each other past the platform's deadlines.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
