#pragma once
// Chooses and opens the DocumentStore the configuration names.
#include <memory>

#include "app/config.hpp"
#include "core/store/document_store.hpp"

namespace interview {

Result<std::shared_ptr<store::DocumentStore>> open_store(const AppConfig& cfg);

}  // namespace interview
