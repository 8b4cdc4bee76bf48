#include "ingest/cameo_classes.h"

#include <utility>

namespace dossier {

std::string_view classOfCameoCode(std::string_view code) {
  // Specific codes first, then the root (the first two digits).
  static constexpr std::pair<std::string_view, std::string_view> kSpecific[] = {
      {"112", "accuse"}, {"115", "charge"}, {"1231", "reject"},
      {"166", "expel"},  {"171", "attack"}, {"172", "sanction"},
      {"173", "arrest"}, {"174", "expel"},  {"175", "attack"}};
  for (const auto& [prefix, cls] : kSpecific)
    if (code.starts_with(prefix)) return cls;
  static constexpr std::string_view kRoots[] = {
      "statement",    // 00 (no such root)
      "statement",    // 01 make public statement
      "appeal",       // 02 appeal
      "cooperate",    // 03 express intent to cooperate
      "cooperate",    // 04 consult
      "cooperate",    // 05 engage in diplomatic cooperation
      "cooperate",    // 06 engage in material cooperation
      "cooperate",    // 07 provide aid
      "cooperate",    // 08 yield
      "investigate",  // 09 investigate
      "demand",       // 10 demand
      "criticize",    // 11 disapprove
      "reject",       // 12 reject
      "threaten",     // 13 threaten
      "protest",      // 14 protest
      "threaten",     // 15 exhibit force posture
      "sanction",     // 16 reduce relations
      "sanction",     // 17 coerce
      "attack",       // 18 assault
      "attack",       // 19 fight
      "attack",       // 20 unconventional mass violence
  };
  if (code.size() < 2 || code[0] < '0' || code[0] > '2' || code[1] < '0' || code[1] > '9')
    return "statement";
  const int root = (code[0] - '0') * 10 + (code[1] - '0');
  return root < static_cast<int>(std::size(kRoots)) ? kRoots[root] : "statement";
}

std::string_view classOfCameoLabel(std::string_view label) {
  // First matching prefix wins: the specific ones come before the general ones.
  static constexpr std::pair<std::string_view, std::string_view> kRules[] = {
      {"Accuse", "accuse"},
      {"Arrest", "arrest"},
      {"find guilty", "convict"},
      {"Bring lawsuit", "charge"},
      {"Expel", "expel"},
      {"Engage in mass expulsion", "expel"},
      {"Deny", "deny"},
      {"Investigate", "investigate"},
      {"Criticize", "criticize"},
      {"Complain", "criticize"},
      {"Reject", "reject"},
      {"Refuse", "reject"},
      {"Veto", "reject"},
      {"Halt", "reject"},
      {"Defy", "reject"},
      {"Threaten", "threaten"},
      {"Give ultimatum", "threaten"},
      {"Mobilize", "threaten"},
      {"Increase military alert", "threaten"},
      {"Increase police alert", "threaten"},
      {"Demonstrate military", "threaten"},
      {"Demand", "demand"},
      {"Appeal", "appeal"},
      {"Protest", "protest"},
      {"Demonstrate", "protest"},
      {"Conduct strike", "protest"},
      {"Conduct hunger strike", "protest"},
      {"Engage in political dissent", "protest"},
      {"Engage in violent protest", "protest"},
      {"Obstruct passage", "protest"},
      {"Rally opposition", "protest"},
      {"Impose embargo", "sanction"},
      {"Impose administrative sanctions", "sanction"},
      {"Impose blockade", "sanction"},
      {"Impose restrictions", "sanction"},
      {"Impose state of emergency", "sanction"},
      {"Impose curfew", "sanction"},
      {"Ban political", "sanction"},
      {"Reduce", "sanction"},
      {"Coerce", "sanction"},
      {"Use tactics of violent repression", "attack"},
      {"Use", "attack"},
      {"fight", "attack"},
      {"Employ aerial", "attack"},
      {"Physically assault", "attack"},
      {"Sexually assault", "attack"},
      {"Kill", "attack"},
      {"Assassinate", "attack"},
      {"Attempt to assassinate", "attack"},
      {"Abduct", "attack"},
      {"Torture", "attack"},
      {"Carry out", "attack"},
      {"Conduct suicide", "attack"},
      {"Engage in mass killings", "attack"},
      {"Detonate", "attack"},
      {"Occupy", "attack"},
      {"Seize", "attack"},
      {"Destroy", "attack"},
      {"Confiscate", "attack"},
      {"Violate ceasefire", "attack"},
      {"Consult", "cooperate"},
      {"Express intent", "cooperate"},
      {"Express accord", "cooperate"},
      {"Make a visit", "cooperate"},
      {"Host a visit", "cooperate"},
      {"Meet", "cooperate"},
      {"Engage in negotiation", "cooperate"},
      {"Engage in diplomatic", "cooperate"},
      {"Engage in material", "cooperate"},
      {"Engage in judicial", "cooperate"},
      {"Sign", "cooperate"},
      {"Discuss", "cooperate"},
      {"Provide", "cooperate"},
      {"Cooperate", "cooperate"},
      {"Grant", "cooperate"},
      {"Yield", "cooperate"},
      {"Ease", "cooperate"},
      {"Return, release", "cooperate"},
      {"Share intelligence", "cooperate"},
      {"Declare truce", "cooperate"},
      {"Mediate", "cooperate"},
      {"Accede", "cooperate"},
      {"Receive", "cooperate"},
      {"Retreat", "cooperate"},
      {"Demobilize", "cooperate"},
  };
  for (const auto& [prefix, cls] : kRules)
    if (label.starts_with(prefix)) return cls;
  return "statement";
}

}  // namespace dossier
