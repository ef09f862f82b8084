// Replaced by the test-kit implementation (template database creation).
export default async function setup(): Promise<void> {}
