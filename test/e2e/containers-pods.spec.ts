// Against the testbed's containerd, through `serve --address SOCK`: Containers
// connects to that socket without the user typing it (the core's precedence:
// --address, CONTAINERD_ADDRESS, the setting), and the web pod shows as one
// pod row (its sandbox, with no checkpoint button) with its container beneath;
// a row click opens the details drawer. Needs root and `npm run testbed:up`.
import { existsSync } from 'node:fs';
import { readStateFile, STATE_FILE } from '../testbed/state';
import { expect, screenshot, test } from './gui-fixtures';

const socket = existsSync(STATE_FILE) ? readStateFile().socket : '/nonexistent/containerd.sock';
test.use({ hostArgs: ['--allow-checkpoint', '--address', socket] });

test('serve --address is what Containers connects to; the web pod is one pod row with its container', async ({
  page,
  testbed,
}) => {
  // The connect card starts at the core's choice (not the settings' default socket).
  await expect(page.getByTestId('socket-path')).toHaveValue(testbed.socket);
  await page.getByTestId('nav-containers').click();
  const status = page.getByTestId('connection-status');
  await expect(status).toHaveAttribute('data-state', 'connected');
  await expect(status).toContainText(testbed.socket);

  const web = testbed.workloads.web;
  await page.getByTestId('container-filter').fill('web');
  const pod = page.getByTestId(`pod-row-${web.pod.name}`).filter({ hasText: web.podSandboxId.slice(0, 12) });
  await expect(pod).toHaveCount(1);
  await expect(pod.getByTestId('container-state')).toHaveText('running');
  await expect(pod.getByRole('button', { name: /checkpoint/i }), 'a sandbox is never checkpointable').toHaveCount(0);
  // No row of this sandbox reads as a container.
  await expect(
    page.getByTestId(`container-row-${web.pod.name}`).filter({ hasText: web.podSandboxId.slice(0, 12) }),
  ).toHaveCount(0);

  const container = page
    .getByTestId(`container-row-${web.containerName}`)
    .filter({ hasText: web.containerId.slice(0, 12) });
  await expect(container).toHaveCount(1);
  await expect(container.getByTestId(`checkpoint-${web.containerName}`)).toBeVisible();
  // Beneath its pod: the row right after the pod's row.
  const rows = page.getByTestId('containers-table').getByRole('row');
  const texts = await rows.allTextContents();
  const podAt = texts.findIndex((t) => t.includes(web.podSandboxId.slice(0, 12)));
  expect(podAt, texts.join('\n')).toBeGreaterThanOrEqual(0);
  expect(texts[podAt + 1], texts.join('\n')).toContain(web.containerId.slice(0, 12));

  await container.click();
  const details = page.getByTestId('container-details');
  await expect(details).toBeVisible();
  await expect(details.getByTestId('container-facts')).toContainText(web.containerId);
  for (const [key, value] of Object.entries(web.containerLabels)) {
    await expect(details.getByTestId('container-labels')).toContainText(`${key}${value}`);
  }
  await expect(details.getByTestId('container-facts')).toContainText(`${web.pod.namespace}/${web.pod.name}`);
  // From the container's OCI spec: every CRI container mounts /proc, has a cgroup and its pod's network namespace.
  await expect(details.getByTestId('details-mount').filter({ hasText: '/proc' }).first()).toBeVisible();
  await expect(details.getByTestId('details-cgroup')).not.toHaveText('not set in the spec');
  await expect(details.getByTestId('details-namespaces')).toContainText('network');
  await expect(details.getByTestId('details-annotations')).toContainText('io.kubernetes.cri.container-type');
  await expect(details.getByTestId('details-problem')).toHaveCount(0);
  await screenshot(page, 'containers-pods');
});
