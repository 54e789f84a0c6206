import { startStack } from "./stack.mjs";

export default async function globalSetup() {
  const stack = await startStack();
  return () => stack.stop();
}
