package dev.logalerts.templates;

/**
 * Where Airflow's task logs name the task they run: {@code <TaskInstance: dag.task run [state]>},
 * {@code Executing <Task(PythonOperator): task> on ...}, {@code Job 20: Subtask task}. Every task
 * of every DAG writes these lines from the same log calls; the name is data like the run id beside
 * it (masked already), and a name with a digit was masked while a plain one made a row per task.
 * The DAG is the service of Composer's task logs (its {@code workflow} label), and the task its
 * {@code task-id} label, so nothing is lost by masking it in the template.
 */
final class AirflowNames {
  private AirflowNames() {}

  /** Whether the token about to be written is the task's name: the template so far ends so. */
  static boolean taskNameNext(TemplateOutput out) {
    int n = out.olen;
    if (n < 8 || out.o[n - 1] != ' ') {
      return false;
    }
    char c = out.o[n - 2];
    if (c == 'k') {
      return out.endsWith(": Subtask ");
    }
    if (c != ':') {
      return false;
    }
    if (out.o[n - 3] != ')') {
      return out.endsWith("<TaskInstance: ");
    }
    int i = n - 4; // "<Task(PythonOperator): ": the operator's class in the parentheses
    while (i > 0 && (TemplateChars.letterOrDigit(out.o[i]) || out.o[i] == '_')) {
      i--;
    }
    return out.o[i] == '(' && out.endsWith(i + 1, "<Task(");
  }
}
