// Loads the native backend in a process of its own and prints what it found as one JSON line.
import { assertNativeBackend } from '../../lib/tf';

console.log(JSON.stringify(assertNativeBackend()));
