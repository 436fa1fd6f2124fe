// Entry of the heavy worker thread (bundled as dist/worker/heavy-worker.cjs). Never imports electron.
import { serveHeavyTask } from './serve-heavy-task';

serveHeavyTask();
