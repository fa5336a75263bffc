import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { ExtensionRequestEntity, TaskEntity } from '@dondoc/persistence';
import { ConflictError, FieldErrors, NotFoundError } from '../errors/errors';
import { idempotentUuid } from '../idempotency/idempotency-key';
import { CalendarService } from '../calendar/calendar.service';
import { parseDeadline } from '../time/times';
import { isUuid } from '../validation/ids';
import { keysetPage, toPage, type Page } from '../pagination/pagination';
import { ScopeService } from '../scope/scope.service';
import { TASK_ACTION_TABLE } from './task-actions';
import { TaskWorkflowService } from './task-workflow.service';
import { extensionRequestView } from './task-views';
import type { ExtensionRequestBody, ExtensionRequestView } from './tasks.dto';
import type { ListExtensionRequestsQuery, ListedExtensionRequestView } from './extension-requests.query';

/** An officer's request for more time, and the issuing clerk's decision on it; both go through the task's workflow. */
@Injectable()
export class ExtensionRequestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workflow: TaskWorkflowService,
    private readonly calendar: CalendarService,
    private readonly scope: ScopeService,
  ) {}

  /** The request if the caller may read its task; otherwise 404, as for a request that does not exist. */
  async get(id: string): Promise<ExtensionRequestView> {
    const request = await this.find(id);
    await this.readable(request, () => this.scope.readTask(request.taskId));
    return extensionRequestView(request);
  }

  /**
   * The requests the caller may decide (a clerk: those on their unit's directives), oldest first,
   * so the longest-waiting is decided first; each with its unit and the deadline it would replace.
   */
  async list(query: ListExtensionRequestsQuery): Promise<Page<ListedExtensionRequestView>> {
    const decidable = (await this.scope.current()).extensionDecisions('r');
    const qb = keysetPage(
      this.dataSource.getRepository(ExtensionRequestEntity).createQueryBuilder('r'),
      ['r.requested_at', 'r.id'],
      'ASC',
      query.limit,
      query.cursor,
    );
    qb.andWhere(decidable.sql, decidable.params);
    if (query.status) qb.andWhere('r.status IN (:...statuses)', { statuses: query.status });
    const rows = await qb.getMany();
    const taskIds = [...new Set(rows.map((r) => r.taskId))];
    const tasks =
      taskIds.length === 0 ? [] : await this.dataSource.getRepository(TaskEntity).findBy({ id: In(taskIds) });
    const byId = new Map(tasks.map((task) => [task.id, task]));
    return toPage(
      rows,
      query.limit,
      (r) => [r.requestedAt.toISOString(), r.id],
      (r) => {
        const task = byId.get(r.taskId);
        if (task === undefined) throw new NotFoundError('task', r.taskId);
        return { ...extensionRequestView(r), unitId: task.unitId, currentDueAt: task.dueAt.toISOString() };
      },
    );
  }

  /** An officer of the task's unit asks for a later deadline; a clerk of the issuing unit decides. */
  async request(actor: string, taskId: string, body: ExtensionRequestBody): Promise<ExtensionRequestView> {
    const definition = TASK_ACTION_TABLE.requestExtension;
    const task = await this.workflow.authorise(taskId, definition);
    const due = parseDeadline(body.requestedDueAt, await this.calendar.current());
    if ('problem' in due) throw new FieldErrors([{ field: 'requestedDueAt', problem: due.problem }]);
    const requestId = idempotentUuid('extension-request') ?? randomUUID();
    await this.workflow.send(task, definition, actor, {
      requestId,
      requestedDueAt: due.at.toISOString(),
      reason: body.reason,
    });
    return extensionRequestView(await this.find(requestId));
  }

  /** The issuing clerk approves the request: the deadline moves to the one asked for. */
  async approve(actor: string, id: string, note: string | null): Promise<ExtensionRequestView> {
    return this.decide(actor, id, true, note);
  }

  /** The issuing clerk refuses the request, saying why. */
  async reject(actor: string, id: string, reason: string): Promise<ExtensionRequestView> {
    return this.decide(actor, id, false, reason);
  }

  private async decide(
    actor: string,
    id: string,
    approve: boolean,
    reason: string | null,
  ): Promise<ExtensionRequestView> {
    const definition = TASK_ACTION_TABLE.decideExtension;
    const request = await this.find(id);
    const task = await this.readable(request, () => this.workflow.authorise(request.taskId, definition));
    if (request.status !== 'pending') {
      throw new ConflictError(`extension request ${id} was already ${request.status}`, { status: request.status });
    }
    await this.workflow.send(task, definition, actor, { requestId: id, approve, reason });
    return extensionRequestView(await this.find(id));
  }

  /** The request by id, whoever asks; 404 when there is none. */
  private async find(id: string): Promise<ExtensionRequestEntity> {
    const request = isUuid(id) ? await this.dataSource.getRepository(ExtensionRequestEntity).findOneBy({ id }) : null;
    if (!request) throw new NotFoundError('extension request', id);
    return request;
  }

  /** Runs the read of the request's task through scope; a task the caller may not see hides the request too (404 for the request). */
  private async readable<T>(request: ExtensionRequestEntity, readTask: () => Promise<T>): Promise<T> {
    try {
      return await readTask();
    } catch (error) {
      if (error instanceof NotFoundError) throw new NotFoundError('extension request', request.id);
      throw error;
    }
  }
}
