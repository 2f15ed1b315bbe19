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

  private static final String MAP_INDEX = " map_index=" + TemplateScanner.PLACEHOLDER;
  private static final String[] OPTIONAL_KEYS = {
    "run_id=" + TemplateScanner.PLACEHOLDER + ", ",
    "map_index=" + TemplateScanner.PLACEHOLDER + ", "
  };
  private static final String TASK_KEYS =
      "dag_id=" + TemplateScanner.PLACEHOLDER + ", task_id=" + TemplateScanner.PLACEHOLDER + ", ";

  /**
   * {@code template} without the task keys Airflow writes only for some tasks or releases, else
   * {@code template} itself. A mapped task's lines add its index ({@code <TaskInstance: dag.task
   * run map_index=2 [running]>}, {@code Marking task as SUCCESS. dag_id=…, task_id=…, run_id=…,
   * map_index=2, execution_date=…}) and Airflow 2.9 added {@code run_id=} to the task's closing
   * line: one log call, which as templates of their own was a row per key set, whose exclusions
   * (the shorter set's pieces) took the longer sets' lines. Only after {@code <TaskInstance: <*>}
   * and after the {@code dag_id=<*>, task_id=<*>, } that heads Airflow's key list.
   */
  static String foldOptionalKeys(String template) {
    int ti = template.indexOf("<TaskInstance: " + TemplateScanner.PLACEHOLDER + MAP_INDEX);
    if (ti >= 0) {
      int at = ti + "<TaskInstance: ".length() + TemplateScanner.PLACEHOLDER.length();
      template = template.substring(0, at) + template.substring(at + MAP_INDEX.length());
    }
    int keys = template.indexOf(TASK_KEYS);
    if (keys < 0) {
      return template;
    }
    int at = keys + TASK_KEYS.length();
    for (String optional : OPTIONAL_KEYS) {
      if (template.startsWith(optional, at)) {
        template = template.substring(0, at) + template.substring(at + optional.length());
      }
    }
    return template;
  }
}
