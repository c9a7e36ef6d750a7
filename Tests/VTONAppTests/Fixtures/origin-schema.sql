-- The tables of the system VTON Lab replaces (FastAPI + Tortoise ORM on MySQL), as Tortoise
-- creates them: accounts and roles of its admin base, and its image tasks. The import tests
-- and bench/origin-import.sh fill a database made from this.
CREATE TABLE `user` (
  `id` BIGINT NOT NULL PRIMARY KEY AUTO_INCREMENT,
  `created_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  `updated_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  `username` VARCHAR(20) NOT NULL UNIQUE,
  `alias` VARCHAR(30),
  `email` VARCHAR(255) NOT NULL UNIQUE,
  `phone` VARCHAR(20),
  `password` VARCHAR(128),
  `is_active` BOOL NOT NULL DEFAULT 1,
  `is_superuser` BOOL NOT NULL DEFAULT 0,
  `last_login` DATETIME(6)
) CHARACTER SET utf8mb4;
CREATE TABLE `role` (
  `id` BIGINT NOT NULL PRIMARY KEY AUTO_INCREMENT,
  `created_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  `updated_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  `name` VARCHAR(20) NOT NULL UNIQUE,
  `desc` VARCHAR(500)
) CHARACTER SET utf8mb4;
CREATE TABLE `user_role` (
  `user_id` BIGINT NOT NULL,
  `role_id` BIGINT NOT NULL,
  UNIQUE KEY `uidx_user_role_user_id_role_id` (`user_id`, `role_id`),
  FOREIGN KEY (`user_id`) REFERENCES `user` (`id`) ON DELETE CASCADE,
  FOREIGN KEY (`role_id`) REFERENCES `role` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4;
CREATE TABLE `image_task` (
  `id` BIGINT NOT NULL PRIMARY KEY AUTO_INCREMENT,
  `task_id` CHAR(36) NOT NULL UNIQUE,
  `user_id` BIGINT NOT NULL,
  `status` VARCHAR(20) NOT NULL DEFAULT 'pending',
  `prompt` LONGTEXT NOT NULL,
  `reference_images` JSON,
  `aspect_ratio` VARCHAR(10) NOT NULL DEFAULT '1:1',
  `resolution` VARCHAR(10) NOT NULL DEFAULT '1K',
  `result` JSON,
  `error_message` LONGTEXT,
  `batch_name` VARCHAR(255),
  `created_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  `updated_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  `completed_at` DATETIME(6),
  KEY `idx_image_task_user_id` (`user_id`),
  KEY `idx_image_task_status` (`status`),
  FOREIGN KEY (`user_id`) REFERENCES `user` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4;
