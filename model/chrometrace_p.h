#pragma once

// Private to taskline_model: the names our Chrome trace export writes and its import reads back.

namespace Taskline::ChromeTrace {

constexpr int Pid = 1;
constexpr char NotRunThread[] = "not run (skipped or cancelled before starting)";
constexpr char FlowCategory[] = "taskline.dependency";
constexpr char FlowName[] = "dependency";
constexpr char UnfinishedError[] = "no end event: ends at the end of the trace";

// otherData keys beyond the human ones (scenario, threads, mode, seed, cores, predicted).
constexpr char ScenarioKey[] = "taskline_scenario";
constexpr char LanesKey[] = "taskline_lanes";
constexpr char EventLoopLaneKey[] = "taskline_event_loop_lane";
constexpr char StringsKey[] = "taskline_strings";

} // namespace Taskline::ChromeTrace
