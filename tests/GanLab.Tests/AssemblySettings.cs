// torch's global generator (used for weight initialisation) is process-wide: tests that check seeded
// reproducibility must not run beside others that draw from it. libtorch already uses both cores per test.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
