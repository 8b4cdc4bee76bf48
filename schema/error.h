// The one exception type of the project. Library code throws dossier::Error for failures the
// caller cannot prevent (a corrupt store, an unreadable dictionary); the CLI is the one place
// that turns it into a message and an exit code.
#pragma once

#include <stdexcept>
#include <string>

namespace dossier {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace dossier
